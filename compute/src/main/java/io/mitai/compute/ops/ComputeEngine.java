package io.mitai.compute.ops;

import io.mitai.compute.session.FailureReason;
import io.mitai.compute.session.PartyChannel;
import io.mitai.compute.session.SessionFailedException;
import java.util.Optional;

/**
 * The entry point the node calls, once per local party of a session: runs the party's side of the
 * operation named by the spec over an open {@link PartyChannel}.
 *
 * <p>On success the requester gets the result and every other party an empty Optional. On any
 * failure every peer is told to abort, the channel is closed and one {@link SessionFailedException}
 * with a typed reason is thrown: there is never a partial result. The channel is closed in every
 * case.
 */
public final class ComputeEngine {
  private ComputeEngine() {}

  /**
   * Runs one party's side of a session.
   *
   * @param ch this party's channel for the session (closed on return)
   * @param spec the session's parameters, identical at every party
   * @param input this party's own table if it is an input party, else empty
   */
  public static Optional<OperationResult> run(PartyChannel ch, TaskSpec spec, Optional<Table> input)
      throws SessionFailedException {
    try {
      if (!ch.parties().equals(spec.roles().participants())) {
        throw new SessionFailedException(
            FailureReason.INVALID_SESSION,
            ch.session(),
            Optional.empty(),
            "channel parties differ from the session's roles");
      }
      if (spec.roles().isInput(ch.self()) && input.isEmpty()) {
        throw new SessionFailedException(
            FailureReason.INVALID_INPUT,
            ch.session(),
            Optional.empty(),
            "input party without input");
      }
      Optional<OperationResult> result;
      if (spec instanceof PsiSpec p) {
        result = PsiOperation.run(ch, p, input);
      } else if (spec instanceof AggregateSpec a) {
        result = SecureAggregate.run(ch, a, input);
      } else {
        result = JointStats.run(ch, (JointStatsSpec) spec, input);
      }
      return result;
    } catch (SessionFailedException e) {
      ch.abort(e);
      throw e;
    } catch (RuntimeException e) {
      SessionFailedException f =
          new SessionFailedException(
              FailureReason.INTERNAL_ERROR, ch.session(), Optional.empty(), e.toString(), e);
      ch.abort(f);
      throw f;
    } finally {
      // After abort (which has told the peers) or on success: free the streams either way.
      ch.close();
    }
  }
}

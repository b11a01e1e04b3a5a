/**
 * The chaincode's one error vocabulary: {@link io.mitai.contract.error.ErrorCode}. Every failed
 * transaction throws {@code ErrorCode.X.exception(message)}; tests assert on the code.
 */
package io.mitai.contract.error;

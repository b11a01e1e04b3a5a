package io.mitai.platform.task.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * {@code party_job.state}: the {@link JobState} by name, except {@link JobState#CLAIMED}, which
 * that table has stored as {@code RUNNING} since it was created (V3), so existing rows and the
 * column's check constraint stay as they are.
 */
@Converter
public class PartyJobStateColumn implements AttributeConverter<JobState, String> {

  static final String RUNNING = "RUNNING";

  @Override
  public String convertToDatabaseColumn(JobState state) {
    if (state == null) {
      return null;
    }
    return state == JobState.CLAIMED ? RUNNING : state.name();
  }

  @Override
  public JobState convertToEntityAttribute(String column) {
    if (column == null) {
      return null;
    }
    return RUNNING.equals(column) ? JobState.CLAIMED : JobState.valueOf(column);
  }
}

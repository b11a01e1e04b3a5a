package io.mitai.platform.ledger.projection;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;

/** The latest ledger version of one task record, as projected from ledger events. */
@Entity
@Table(name = "proj_task")
public class ProjectedTask extends ProjectedRecord {

  @Id public String id;

  public String requester;
  public String status;

  /** The ids of the tasks that name {@code assetId} as an input ({@code proj_task_input}). */
  @SuppressWarnings("unchecked") // a native query of one text column
  public static List<String> idsUsing(String assetId) {
    return getEntityManager()
        .createNativeQuery(
            "select task_id from proj_task_input where asset_id = ?1 order by task_id",
            String.class)
        .setParameter(1, assetId)
        .getResultList();
  }
}

package io.mitai.platform.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The sandbox's synthetic demo data, generated from fixed seeds (so every sandbox holds the same
 * rows and the results in docs/console.md are reproducible): one population of {@value #POPULATION}
 * invented people, of whom
 *
 * <ul>
 *   <li>org1, a hospital, holds people 0..1999 as {@code demo-patients};
 *   <li>org2, an insurer, holds people 800..2299 as {@code demo-claims} (1200 shared with the
 *       hospital);
 *   <li>org3, a bank, holds people 1500..2999 as {@code demo-customers} (500 shared with the
 *       hospital, 800 with the insurer, 500 with both).
 * </ul>
 *
 * <p>A person's {@code national_id}, age and region are the same in every data set that holds them,
 * so PSI and JOINT_STATS join real records. Rows are shuffled per data set. Nothing here is about a
 * real person: identifiers are random {@code NID-} numbers.
 *
 * <p>{@link java.util.Random} is used on purpose: its algorithm (and that of {@code nextGaussian},
 * through {@code StrictMath}) is specified, so the bytes are the same on every JVM.
 */
public final class DemoDataSets {

  /** Seed of the population (identifiers and every attribute). */
  public static final long POPULATION_SEED = 20_261_202L;

  /** Seeds of each data set's row order. */
  public static final long PATIENTS_ORDER_SEED = 101L;

  public static final long CLAIMS_ORDER_SEED = 202L;
  public static final long CUSTOMERS_ORDER_SEED = 303L;

  public static final int POPULATION = 3000;

  static final List<String> REGIONS = List.of("north", "south", "east", "west", "central");
  private static final double[] REGION_WEIGHTS = {0.25, 0.20, 0.20, 0.20, 0.15};

  /** One data set to register: its name, owner, declared column types and CSV text. */
  public record DataSet(String owner, String name, Map<String, String> types, String csv) {

    /** The {@code types} form field of an upload: {@code column:TYPE,...}. */
    public String typesField() {
      List<String> parts = new ArrayList<>();
      types.forEach((column, type) -> parts.add(column + ":" + type));
      return String.join(",", parts);
    }
  }

  /** One invented person. */
  record Person(
      String nationalId,
      String sex,
      int age,
      String region,
      BigDecimal bmi,
      int systolicBp,
      String diagnosis,
      int admissions,
      LocalDate admittedOn,
      String plan,
      BigDecimal annualPremium,
      BigDecimal claimAmount,
      int claimsCount,
      String segment,
      BigDecimal income,
      int creditScore,
      BigDecimal balance,
      int defaulted) {}

  private DemoDataSets() {}

  /** The three data sets, in registration order. */
  public static List<DataSet> all() {
    List<Person> people = population();
    return List.of(patients(people), claims(people), customers(people));
  }

  static DataSet patients(List<Person> people) {
    Map<String, String> types = new LinkedHashMap<>();
    types.put("national_id", "STRING");
    types.put("sex", "STRING");
    types.put("age", "INTEGER");
    types.put("region", "STRING");
    types.put("diagnosis", "STRING");
    types.put("bmi", "DECIMAL");
    types.put("systolic_bp", "INTEGER");
    types.put("admissions", "INTEGER");
    types.put("admitted_on", "DATE");
    StringBuilder csv = header(types);
    for (Person p : shuffled(people.subList(0, 2000), PATIENTS_ORDER_SEED)) {
      row(
          csv,
          p.nationalId(),
          p.sex(),
          p.age(),
          p.region(),
          p.diagnosis(),
          p.bmi(),
          p.systolicBp(),
          p.admissions(),
          p.admittedOn());
    }
    return new DataSet("org1", "demo-patients", types, csv.toString());
  }

  static DataSet claims(List<Person> people) {
    Map<String, String> types = new LinkedHashMap<>();
    types.put("national_id", "STRING");
    types.put("age", "INTEGER");
    types.put("region", "STRING");
    types.put("plan", "STRING");
    types.put("annual_premium", "DECIMAL");
    types.put("claims_count", "INTEGER");
    types.put("claim_amount", "DECIMAL");
    StringBuilder csv = header(types);
    for (Person p : shuffled(people.subList(800, 2300), CLAIMS_ORDER_SEED)) {
      row(
          csv,
          p.nationalId(),
          p.age(),
          p.region(),
          p.plan(),
          p.annualPremium(),
          p.claimsCount(),
          p.claimAmount());
    }
    return new DataSet("org2", "demo-claims", types, csv.toString());
  }

  static DataSet customers(List<Person> people) {
    Map<String, String> types = new LinkedHashMap<>();
    types.put("national_id", "STRING");
    types.put("age", "INTEGER");
    types.put("region", "STRING");
    types.put("segment", "STRING");
    types.put("income", "DECIMAL");
    types.put("credit_score", "INTEGER");
    types.put("balance", "DECIMAL");
    types.put("defaulted", "INTEGER");
    StringBuilder csv = header(types);
    for (Person p : shuffled(people.subList(1500, 3000), CUSTOMERS_ORDER_SEED)) {
      row(
          csv,
          p.nationalId(),
          p.age(),
          p.region(),
          p.segment(),
          p.income(),
          p.creditScore(),
          p.balance(),
          p.defaulted());
    }
    return new DataSet("org3", "demo-customers", types, csv.toString());
  }

  /** The whole population, in identifier-generation order. */
  static List<Person> population() {
    Random random = new Random(POPULATION_SEED);
    Set<String> ids = new HashSet<>();
    List<Person> people = new ArrayList<>(POPULATION);
    LocalDate firstDay = LocalDate.of(2025, 1, 1);
    while (people.size() < POPULATION) {
      String id = "NID-" + (100_000_000 + random.nextInt(900_000_000));
      if (!ids.add(id)) {
        continue;
      }
      String sex = random.nextBoolean() ? "F" : "M";
      int age = (int) Math.round(clamp(48 + 16 * random.nextGaussian(), 18, 90));
      String region = REGIONS.get(pick(random, REGION_WEIGHTS));
      double bmi = clamp(26.5 + 4.5 * random.nextGaussian() + 0.03 * (age - 48), 16, 48);
      int systolic =
          (int) Math.round(96 + 0.5 * age + 1.2 * (bmi - 25) + 10 * random.nextGaussian());
      String diagnosis = diagnosis(random, age, bmi, systolic);
      int admissions = Math.min(6, poisson(random, 0.4 + age / 80.0 + Math.max(0, bmi - 30) / 10));
      LocalDate admittedOn = firstDay.plusDays(random.nextInt(365));

      String plan = List.of("BASIC", "STANDARD", "PREMIUM").get(pick(random, 0.45, 0.35, 0.20));
      double planFactor = plan.equals("BASIC") ? 1.0 : plan.equals("STANDARD") ? 1.45 : 2.1;
      double premium = planFactor * (520 + 9.5 * age) * (1 + 0.04 * random.nextGaussian());
      double claim =
          Math.max(
              0, 150 + 14 * age + 40 * (bmi - 25) + 220 * admissions + 250 * random.nextGaussian());
      int claimsCount = admissions + poisson(random, 1.2);

      String segment =
          List.of("RETAIL", "PREMIER", "SMALL_BUSINESS").get(pick(random, 0.70, 0.12, 0.18));
      double segmentFactor =
          segment.equals("PREMIER") ? 2.6 : segment.equals("SMALL_BUSINESS") ? 1.4 : 1.0;
      double income =
          segmentFactor
              * StrictMath.exp(10.45 + 0.008 * Math.min(age, 60) + 0.35 * random.nextGaussian());
      int credit =
          (int)
              Math.round(
                  clamp(
                      560
                          + 1.6 * age
                          + 25 * StrictMath.log(income / 35_000)
                          + 55 * random.nextGaussian(),
                      300,
                      850));
      double balance = Math.max(0, income * (0.05 + 0.25 * random.nextDouble()));
      double logit = -0.5 - 0.012 * (credit - 650) - 0.4 * StrictMath.log(income / 35_000);
      int defaulted = random.nextDouble() < 1 / (1 + StrictMath.exp(-logit)) ? 1 : 0;

      people.add(
          new Person(
              id,
              sex,
              age,
              region,
              decimal(bmi, 1),
              systolic,
              diagnosis,
              admissions,
              admittedOn,
              plan,
              decimal(premium, 2),
              decimal(claim, 2),
              claimsCount,
              segment,
              decimal(income, 2),
              credit,
              decimal(balance, 2),
              defaulted));
    }
    return people;
  }

  private static String diagnosis(Random random, int age, double bmi, int systolic) {
    double u = random.nextDouble();
    if (systolic >= 140 && u < 0.6) {
      return "hypertension";
    }
    if (bmi >= 30 && u < 0.45) {
      return "type-2-diabetes";
    }
    return List.of("checkup", "respiratory", "fracture", "cardiac", "type-2-diabetes")
        .get(pick(random, 0.42, 0.2, 0.15, 0.13 + age / 1000.0, 0.1));
  }

  private static List<Person> shuffled(List<Person> people, long seed) {
    List<Person> copy = new ArrayList<>(people);
    Collections.shuffle(copy, new Random(seed));
    return copy;
  }

  private static StringBuilder header(Map<String, String> types) {
    return new StringBuilder(String.join(",", types.keySet())).append('\n');
  }

  private static void row(StringBuilder csv, Object... cells) {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        csv.append(',');
      }
      csv.append(cells[i] instanceof BigDecimal d ? d.toPlainString() : String.valueOf(cells[i]));
    }
    csv.append('\n');
  }

  private static int pick(Random random, double... weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = random.nextDouble() * total;
    for (int i = 0; i < weights.length - 1; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static int poisson(Random random, double mean) {
    double limit = StrictMath.exp(-mean);
    double product = random.nextDouble();
    int k = 0;
    while (product > limit) {
      product *= random.nextDouble();
      k++;
    }
    return k;
  }

  private static double clamp(double v, double min, double max) {
    return Math.max(min, Math.min(max, v));
  }

  private static BigDecimal decimal(double v, int scale) {
    return BigDecimal.valueOf(v).setScale(scale, RoundingMode.HALF_UP);
  }
}

/**
 * Distributed embedding on Spark ({@code nsw embed --spark MASTER}): the launcher of the driver JVM and the request it
 * carries. No class here imports Spark; the job itself ({@code spark.job}) runs only in the driver JVM this package
 * starts (or under {@code spark-submit}) and in Spark's executors, whose class path adds the provided-scope Spark jars
 * listed in {@code target/spark-classpath.txt}.
 */
package dev.nsw.spark;

/**
 * The Spark job of {@code nsw embed --spark}: the driver main and the executor-side task. The one package that imports
 * {@code org.apache.spark} and {@code scala}; nothing imports it (ArchitectureTest): the launcher in {@code spark}
 * names its main in a command line, and {@code spark-submit} names it with {@code --class}.
 */
package dev.nsw.spark.job;

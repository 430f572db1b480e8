package dev.daprcompute.benchmarks.load;

import java.util.List;

/**
 * A mean and its error as JMH reports it: the half-width of the 99.9% confidence interval
 * (Student's t), here also as a fraction of the mean.
 *
 * @param mean the mean of the samples
 * @param error the half-width of the 99.9% confidence interval; NaN for fewer than two samples
 * @param samples how many
 */
public record Stats(double mean, double error, int samples) {

  /** Two-sided 99.9% quantiles of Student's t for 1 to 30 degrees of freedom. */
  private static final double[] T_999 = {
    636.62, 31.599, 12.924, 8.610, 6.869, 5.959, 5.408, 5.041, 4.781, 4.587,
    4.437, 4.318, 4.221, 4.140, 4.073, 4.015, 3.965, 3.922, 3.883, 3.850,
    3.819, 3.792, 3.768, 3.745, 3.725, 3.707, 3.690, 3.674, 3.659, 3.646
  };

  public static Stats of(List<Double> values) {
    int n = values.size();
    double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    if (n < 2) {
      return new Stats(mean, Double.NaN, n);
    }
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(squares / (n - 1));
    return new Stats(mean, t(n - 1) * sd / Math.sqrt(n), n);
  }

  /**
   * A ratio of two independent JMH scores, its relative error the root of the sum of both squared.
   */
  public static Stats ratio(
      double score, double scoreError, double baseline, double baselineError, int samples) {
    double a = scoreError / score;
    double b = baselineError / baseline;
    double mean = score / baseline;
    return new Stats(mean, Math.abs(mean) * Math.sqrt(a * a + b * b), samples);
  }

  static double t(int degrees) {
    if (degrees <= T_999.length) {
      return T_999[degrees - 1];
    }
    return degrees <= 40 ? 3.551 : degrees <= 60 ? 3.460 : degrees <= 120 ? 3.373 : 3.291;
  }

  /** The error as a fraction of the mean's size. */
  public double relativeError() {
    return error / Math.abs(mean);
  }
}

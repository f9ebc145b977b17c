import io.github.logoformer.data.*;
import java.util.*;
/**
 * How well the generator's pose parameters separate the classes from one apex frame vs from the change
 * over the clip: nearest class mean (Euclidean, poses in face units) on 7000 draws like SyntheticDfew's.
 */
public class PoseCue {
    static double[] v(FacePose p) { return new double[] {p.mouthCurve(), p.mouthOpen(), p.mouthWidth(), p.sneer(), p.browRaise(), p.browTilt(), p.eyeOpen()}; }
    public static void main(String[] a) {
        Random r = new Random(1);
        int n = 1000; Expression[] cls = Expression.values();
        List<double[]>[] apexF = new List[7], change = new List[7];
        for (int c = 0; c < 7; c++) { apexF[c] = new ArrayList<>(); change[c] = new ArrayList<>(); }
        for (int c = 0; c < 7; c++) for (int i = 0; i < 2 * n; i++) {
            FaceRenderer.Identity who = FaceRenderer.Identity.random(r);
            FacePose rest = FacePose.NEUTRAL.plus(who.resting()), apex = FacePose.apex(cls[c]).plus(who.resting());
            double intensity = 0.7 + 0.3 * r.nextDouble();
            double[] s = v(rest), e = v(rest.towards(apex, intensity));
            double[] d = new double[7]; for (int k = 0; k < 7; k++) d[k] = e[k] - s[k];
            apexF[c].add(e); change[c].add(d);
        }
        System.out.printf("nearest class mean, held-out half: apex frame alone %.1f %%, change over the clip %.1f %%%n", acc(apexF, n), acc(change, n));
    }
    static double acc(List<double[]>[] data, int n) {
        double[][] mean = new double[7][7];
        for (int c = 0; c < 7; c++) for (int i = 0; i < n; i++) for (int k = 0; k < 7; k++) mean[c][k] += data[c].get(i)[k] / n;
        int ok = 0;
        for (int c = 0; c < 7; c++) for (int i = n; i < 2 * n; i++) {
            int best = 0; double bd = 1e9;
            for (int m = 0; m < 7; m++) { double dd = 0; for (int k = 0; k < 7; k++) dd += Math.pow(data[c].get(i)[k] - mean[m][k], 2); if (dd < bd) { bd = dd; best = m; } }
            if (best == c) ok++;
        }
        return 100.0 * ok / (7 * n);
    }
}

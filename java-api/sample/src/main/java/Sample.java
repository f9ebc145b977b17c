import io.github.logoformer.abi.Grid3;
import io.github.logoformer.abi.WindowAttentionConfig;
import io.github.logoformer.ops.WindowAttention;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

public class Sample {
    public static void main(String[] args) {
        torch.manual_seed(0);
        // q, k, v: views of one packed [B, T, 3, heads, D] projection; T = CLS + 16x7x7 grid tokens
        Tensor qkv = torch.randn(2, 1 + 16 * 7 * 7, 3, 8, 64).requires_grad_(true);
        var config = WindowAttentionConfig.of(Grid3.of(16, 7, 7), Grid3.of(2, 7, 7), 1, 64);
        Tensor out = WindowAttention.apply(qkv.select(2, 0), qkv.select(2, 1), qkv.select(2, 2), config);
        out.sum().backward();  // LibTorch autograd runs the fused backward kernel
        System.out.printf("window attention: out %s, |out| = %.4f, |d qkv| = %.4f%n",
                java.util.Arrays.toString(out.sizes().vec().get()), out.norm().item_double(),
                qkv.grad().norm().item_double());
    }
}

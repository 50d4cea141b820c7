# Writes the two TorchScript modules the DJL backend loads for bf16 training (src/main/resources/dev/tailor/backend/djl):
# casts that autograd differentiates. DJL's own NDArray.toType runs without autograd and has no bfloat16 at all.
# Run from backend-djl with any PyTorch >= 1.10 (Debian's python3-torch): python3 src/torchscript/casts.py
import torch


class ToBf16(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.to(torch.bfloat16)


class ToFloat(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.to(torch.float32)


out = "src/main/resources/dev/tailor/backend/djl/"
torch.jit.save(torch.jit.script(ToBf16()), out + "to_bf16.pt")
torch.jit.save(torch.jit.script(ToFloat()), out + "to_float.pt")

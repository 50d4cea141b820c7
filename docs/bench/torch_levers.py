"""Issue 27's training-speed levers, tried first where they are one line each: PyTorch's own CPU autocast to bfloat16
and the channels-last memory format, on the seed CNN and on best-cpu's shape of network (conv-BN-ReLU blocks), batch
32 (seed) and 128 (best-cpu), 2 threads, random data (speed does not depend on the values). Prints training steps/s
per variant, the median of ROUNDS rounds of STEPS steps each, and the speed-up over float32.
Usage: /usr/bin/python3 docs/bench/torch_levers.py [STEPS] [ROUNDS]   (defaults: 200, 3)
"""
import statistics, sys, time
import torch, torch.nn as nn

steps = int(sys.argv[1]) if len(sys.argv) > 1 else 200
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
torch.set_num_threads(2)

def seed_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 5 * 5, 64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64, 10))

def block(cin, cout):
    return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]

def bn_cnn():  # best-cpu's shape: two conv-BN-ReLU blocks per stage, 32 then 64 channels, pooled
    return nn.Sequential(*block(1, 32), *block(32, 32), nn.MaxPool2d(2), *block(32, 64), *block(64, 64), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Dropout(0.3), nn.Linear(128, 10))

def rate(make, batch, bf16, channels_last):
    torch.manual_seed(1)
    model = make()
    x = torch.rand(batch, 1, 28, 28)
    y = torch.randint(0, 10, (batch,))
    if channels_last:
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    def step():
        opt.zero_grad()
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
    for _ in range(20):
        step()
    results = []
    for _ in range(rounds):
        t = time.perf_counter()
        for _ in range(steps):
            step()
        results.append(steps / (time.perf_counter() - t))
    return statistics.median(results)

print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {steps} steps x {rounds} rounds")
print("| network | batch | variant | steps/s | vs float32 |")
print("|---|---:|---|---:|---:|")
for name, make, batch in (("seed CNN", seed_cnn, 32), ("conv-BN (best-cpu shape)", bn_cnn, 128)):
    base = None
    for variant, bf16, cl in (("float32", False, False), ("bf16 autocast", True, False), ("channels-last", False, True),
                              ("bf16 + channels-last", True, True)):
        r = rate(make, batch, bf16, cl)
        base = base or r
        print(f"| {name} | {batch} | {variant} | {r:,.1f} | {r / base:.2f}x |", flush=True)

"""A PyTorch mirror of configs/best-cpu.json (network, AdamW with decay off batch-norm and bias tensors, one-cycle,
shift + flip, label smoothing, flip TTA) for searching recipes on a GPU, many trials at once. Not part of Tailor: its
figures only ranked candidates, each kept change was then measured with Tailor itself (docs/results.md).
Usage: python3 docs/bench/recipe_mirror.py --epochs 24 --init torch --seed 42   (prints one JSON line; see --help)
"""
import argparse, gzip, struct, json, math, time, sys
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F

def idx(path):
    with gzip.open(path, 'rb') as f: data = f.read()
    magic, n = struct.unpack('>II', data[:8])
    if magic == 2051:
        return np.frombuffer(data, np.uint8, offset=16).reshape(n, 1, 28, 28)
    return np.frombuffer(data, np.uint8, offset=8)

class Res(nn.Module):
    def __init__(s, cin, cout, stride):
        super().__init__()
        s.body = nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(),
                               nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout))
        s.short = (nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
                   if stride != 1 or cin != cout else nn.Identity())
    def forward(s, x): return F.relu(s.body(x) + s.short(x))

def build(arch, head):
    # arch: "32:32,64s,64" stem width then blocks ("s" = stride 2)
    stem, blocks = arch.split(':')
    c = int(stem)
    layers = [nn.Conv2d(1, c, 3, 1, 1, bias=False), nn.BatchNorm2d(c), nn.ReLU(), nn.MaxPool2d(2)]
    hw = 14; macs = 9 * c * 784
    for b in blocks.split(','):
        s = 2 if b.endswith('s') else 1; o = int(b.rstrip('s'))
        layers.append(Res(c, o, s)); hw = (hw + s - 1) // s
        macs += 9 * c * o * hw * hw + 9 * o * o * hw * hw + (c * o * hw * hw if (s != 1 or c != o) else 0)
        c = o
    if head == 'gap':
        layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(c, 10)]; macs += c * 10
    else:
        layers += [nn.Flatten(), nn.Linear(c * hw * hw, 10)]; macs += c * hw * hw * 10
    return nn.Sequential(*layers), macs

def augment(x, shift, flip, erase, g):
    n = x.shape[0]
    if shift:
        p = F.pad(x, (shift,) * 4)
        dx = torch.randint(0, 2 * shift + 1, (n,), device=x.device, generator=g)
        dy = torch.randint(0, 2 * shift + 1, (n,), device=x.device, generator=g)
        ar = torch.arange(28, device=x.device)
        rows = (dy[:, None] + ar[None, :])[:, :, None].expand(n, 28, 28)
        cols = (dx[:, None] + ar[None, :])[:, None, :].expand(n, 28, 28)
        x = p[torch.arange(n, device=x.device)[:, None, None], 0, rows, cols].unsqueeze(1)
    if flip:
        m = torch.rand(n, device=x.device, generator=g) < 0.5
        x = torch.where(m[:, None, None, None], x.flip(3), x)
    if erase > 0:
        area = torch.empty(n, device=x.device).uniform_(0.02, 0.4, generator=g) * 784
        logr = torch.empty(n, device=x.device).uniform_(math.log(0.3), math.log(1 / 0.3), generator=g)
        r = torch.exp(logr)
        h = torch.sqrt(area * r).round().long().clamp(1, 27); w = torch.sqrt(area / r).round().long().clamp(1, 27)
        top = (torch.rand(n, device=x.device, generator=g) * (29 - h)).long()
        left = (torch.rand(n, device=x.device, generator=g) * (29 - w)).long()
        ar = torch.arange(28, device=x.device)
        inr = (ar[None, :] >= top[:, None]) & (ar[None, :] < (top + h)[:, None])
        inc = (ar[None, :] >= left[:, None]) & (ar[None, :] < (left + w)[:, None])
        box = inr[:, :, None] & inc[:, None, :]
        on = (torch.rand(n, device=x.device, generator=g) < erase)[:, None, None]
        fill = torch.rand(x.shape, device=x.device, generator=g)
        x = torch.where((box & on).unsqueeze(1), fill, x)
    return x

def main():
    p = argparse.ArgumentParser()
    p.add_argument('--arch', default='32:32,64s,64'); p.add_argument('--head', default='flat')
    p.add_argument('--epochs', type=int, default=20); p.add_argument('--batch', type=int, default=128)
    p.add_argument('--opt', default='adamw'); p.add_argument('--lr', type=float, default=4e-3)
    p.add_argument('--wd', type=float, default=0.01); p.add_argument('--ls', type=float, default=0.1)
    p.add_argument('--shift', type=int, default=2); p.add_argument('--flip', type=int, default=1)
    p.add_argument('--erase', type=float, default=0.0); p.add_argument('--warmup', type=float, default=0.3)
    p.add_argument('--floor', type=float, default=0.0); p.add_argument('--seed', type=int, default=42)
    p.add_argument('--ema', type=float, default=0.0); p.add_argument('--tag', default='')
    p.add_argument('--data', default='/usr/share/datasets/fashion-mnist'); p.add_argument('--init', default='torch')
    a = p.parse_args()
    torch.manual_seed(a.seed); dev = 'cuda'
    torch.backends.cudnn.benchmark = True
    xtr = torch.from_numpy(idx(f'{a.data}/train-images-idx3-ubyte.gz').astype(np.float32) / 255).to(dev)
    ytr = torch.from_numpy(idx(f'{a.data}/train-labels-idx1-ubyte.gz').astype(np.int64)).to(dev)
    xte = torch.from_numpy(idx(f'{a.data}/t10k-images-idx3-ubyte.gz').astype(np.float32) / 255).to(dev)
    yte = torch.from_numpy(idx(f'{a.data}/t10k-labels-idx1-ubyte.gz').astype(np.int64)).to(dev)
    model, macs = build(a.arch, a.head)
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            if a.init == 'glorot': nn.init.xavier_uniform_(m.weight)
            elif a.init == 'he': nn.init.kaiming_normal_(m.weight, mode='fan_out', nonlinearity='relu')
            if m.bias is not None and a.init != 'torch': nn.init.zeros_(m.bias)
    model = model.to(dev)
    decay = [q for n_, q in model.named_parameters() if q.ndim > 1]
    nodecay = [q for n_, q in model.named_parameters() if q.ndim <= 1]
    groups = [{'params': decay, 'weight_decay': a.wd}, {'params': nodecay, 'weight_decay': 0.0}]
    if a.opt == 'adamw':
        opt = torch.optim.AdamW(groups, lr=a.lr, eps=1e-8)
    else:
        opt = torch.optim.SGD(groups, lr=a.lr, momentum=0.9, nesterov=True)
    steps_per = math.ceil(60000 / a.batch); total = steps_per * a.epochs; wu = math.floor(a.warmup * total)
    def rate(step):
        if step < wu: return a.lr * (0.04 + 0.96 * step / wu)
        t = (step - wu) / max(1, total - 1 - wu)
        return a.lr * (a.floor + (1 - a.floor) * 0.5 * (1 + math.cos(math.pi * min(t, 1))))
    ema = torch.optim.swa_utils.AveragedModel(model, multi_avg_fn=torch.optim.swa_utils.get_ema_multi_avg_fn(a.ema),
                                              use_buffers=True) if a.ema > 0 else None
    g = torch.Generator(device=dev); g.manual_seed(a.seed)
    step = 0; t0 = time.time()
    for ep in range(a.epochs):
        model.train(); perm = torch.randperm(60000, device=dev, generator=g)
        for i in range(0, 60000, a.batch):
            ix = perm[i:i + a.batch]
            xb = augment(xtr[ix], a.shift, a.flip, a.erase, g)
            for gr in opt.param_groups: gr['lr'] = rate(step)
            loss = F.cross_entropy(model(xb), ytr[ix], label_smoothing=a.ls)
            opt.zero_grad(set_to_none=True); loss.backward(); opt.step(); step += 1
            if ema is not None: ema.update_parameters(model)
    def score(m):
        m.eval()
        with torch.no_grad():
            pr = torch.cat([(F.softmax(m(xte[i:i+2000]), 1) + F.softmax(m(xte[i:i+2000].flip(3)), 1))
                            for i in range(0, 10000, 2000)])
            plain = torch.cat([m(xte[i:i+2000]) for i in range(0, 10000, 2000)])
        return (pr.argmax(1) == yte).float().mean().item(), (plain.argmax(1) == yte).float().mean().item()
    tta, plain = score(model)
    out = dict(tag=a.tag, seed=a.seed, epochs=a.epochs, macs=macs, cost=round(macs * a.epochs / (10_300_000 * 20), 3),
               tta=round(tta, 4), plain=round(plain, 4), secs=round(time.time() - t0, 1))
    if ema is not None: out['ema_tta'] = round(score(ema.module)[0], 4)
    print(json.dumps(out), flush=True)

main()

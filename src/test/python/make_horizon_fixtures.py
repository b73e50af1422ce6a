#!/usr/bin/env python3
"""PyTorch reference fixtures for the direct multi-horizon loss (schema ``horizon-reference/1``).

Writes ``horizon_mse_lstm.json``, ``horizon_pinball_lstm.json`` and ``horizon_pinball_weighted_lstm.json`` into
``src/test/resources/fixtures/torch/horizon/`` (see the "Direct multi-horizon fixtures" section of the
README there; ``HorizonLossParityTest`` reads them): a 2-layer ``nn.LSTM``
(batch_first) and an ``nn.Linear`` head over every step with O = H*Y*Q outputs, run in float64 over
a sequence cut into tBPTT windows (T not a multiple of the window, so the last window is shorter),
the state carried detached between windows. Per window: loss, prediction, every parameter gradient
and the final state. Then an Adam trajectory over the same windows (``passes`` passes over the
sequence, one update per window, ``clip_grad_norm_``), with the parameters after every update.

Shape legend: B lanes, T steps, I inputs, H horizon steps, Y targets, Q quantiles (1 for the mean).
Output o = ((h * Y) + y) * Q + q of the head predicts target y at step t+1+h for quantile q.

Deterministic: ``torch.manual_seed(torch_seed)``; a draw whose float32 recomputation uses more than
5% of the float32 tolerance (an Adam element or a pinball error too close to zero) is replaced by
``torch_seed + 20``, as for the rnn-reference fixtures.

    /usr/bin/python3 src/test/python/make_horizon_fixtures.py [--out DIR]
"""
import argparse
import json
import os

import torch

SCHEMA = "horizon-reference/1"
GATE_ORDER = ("lstm: i,f,g,o ; gru: r,z,n with n = tanh(W_in x + b_in + r * (W_hn h + b_hn)) "
              "(PyTorch convention)")
RTOL, ATOL = 1e-4, 1e-5          # the float32 tolerance of the parity tests
CONDITIONING = 0.05              # a kept draw's float32 rerun uses at most this share of it

CASES = [
    dict(name="horizon_mse_lstm", torch_seed=2001, quantiles=[], label_scale=3.0,
         description="Direct multi-horizon masked MSE (Q=1): 2-layer LSTM + head over every step with "
                     "O=H*Y outputs, tBPTT windows with the state carried detached; per-window loss, "
                     "prediction, gradients, final state; Adam + clip trajectory over the windows."),
    dict(name="horizon_pinball_lstm", torch_seed=2002, quantiles=[0.1, 0.5, 0.9], label_scale=1.0,
         description="Direct multi-horizon pinball loss over quantiles (0.1, 0.5, 0.9): 2-layer LSTM + "
                     "head over every step with O=H*Y*Q outputs, tBPTT windows with the state carried "
                     "detached; per-window loss, prediction, gradients, final state; Adam + clip "
                     "trajectory over the windows."),
    dict(name="horizon_pinball_weighted_lstm", torch_seed=2003, quantiles=[0.1, 0.5, 0.9], label_scale=1.0,
         weights=[[2.0, 0.5], [1.25, 0.75], [0.4, 1.1]],
         description="Direct multi-horizon pinball loss with label weights [H][Y] (train.horizon-weights): "
                     "each label's pinball terms times the weight of its horizon step and target, still "
                     "divided by N * Q with N the unmasked labels; otherwise as horizon_pinball_lstm."),
]
SHAPE = dict(input_size=3, hidden_size=5, num_layers=2, horizon=3, targets=2, batch=3, steps=11, window=4)
ADAM = dict(type="adam", lr=0.01, betas=[0.9, 0.999], eps=1e-08, weight_decay=0.0, amsgrad=False, maximize=False)
CLIP_NORM = 1.0
PASSES = 2


class Model(torch.nn.Module):
    """nn.LSTM (batch_first) and a linear head over every step: prediction [B][T][O]."""

    def __init__(self, i, hidden, layers, outputs):
        super().__init__()
        self.rnn = torch.nn.LSTM(i, hidden, num_layers=layers, batch_first=True)
        self.head = torch.nn.Linear(hidden, outputs)

    def forward(self, x, state):
        out, (h, c) = self.rnn(x, state)
        return self.head(out), (h, c)


def horizon_loss(prediction, labels, mask, quantiles, weights=None):
    """HorizonLoss: prediction [B][k][O], labels and mask [B][k][H][Y], weights [H][Y] or None; the sum of the weighted
    terms over the N = sum(mask) entries, divided by N (and Q)."""
    b, k, h, y = labels.shape
    n = mask.sum()
    if n.item() == 0:
        return prediction.sum() * 0.0                      # an all-masked window: loss 0, gradient 0
    if weights is not None:
        mask = mask * torch.tensor(weights, dtype=prediction.dtype)   # the weight of (h, y), every lane and step; n stays
    if not quantiles:
        p = prediction.reshape(b, k, h, y)
        return (mask * (p - labels) ** 2).sum() / n        # masked MSE
    q = torch.tensor(quantiles, dtype=prediction.dtype)
    p = prediction.reshape(b, k, h, y, len(quantiles))     # o = ((h * Y) + y) * Q + q
    e = labels.unsqueeze(-1) - p                           # under-forecast is e > 0
    rho = torch.where(e >= 0, q * e, (q - 1) * e)          # pinball; d/de at e == 0 is q (the e >= 0 branch)
    return (mask.unsqueeze(-1) * rho).sum() / (n * len(quantiles))


def draw(case, seed, dtype):
    """Parameters and data of one draw, in float64 (and rounded to float32 for the conditioning rerun)."""
    torch.manual_seed(seed)
    s = SHAPE
    q = max(1, len(case["quantiles"]))
    torch.set_default_dtype(torch.float64)                          # initialise in float64, as PyTorch would draw it
    model = Model(s["input_size"], s["hidden_size"], s["num_layers"], s["horizon"] * s["targets"] * q)
    torch.set_default_dtype(torch.float32)
    b, t, hz, y = s["batch"], s["steps"], s["horizon"], s["targets"]
    x = torch.randn(b, t, s["input_size"], dtype=torch.float64)
    labels = case["label_scale"] * torch.randn(b, t, hz, y, dtype=torch.float64)
    mask = (torch.rand(b, t, hz, y, dtype=torch.float64) < 0.7).double()
    steps = torch.arange(t).reshape(1, t, 1, 1)
    ahead = torch.arange(hz).reshape(1, 1, hz, 1)
    mask = mask * (steps + 1 + ahead < t).double()                  # t+1+h past the sequence end
    empty = torch.rand(b, t) < 0.15                                  # rows with every label missing
    empty[0, 1] = True
    mask[empty] = 0.0
    h0 = 0.5 * torch.randn(s["num_layers"], b, s["hidden_size"], dtype=torch.float64)
    c0 = 0.5 * torch.randn(s["num_layers"], b, s["hidden_size"], dtype=torch.float64)
    data = dict(x=x, labels=labels, mask=mask, h0=h0, c0=c0)
    if dtype == torch.float32:
        model = model.float()
        data = {k: v.float() for k, v in data.items()}
    return model, data


def windows(steps, window):
    return [(start, min(window, steps - start)) for start in range(0, steps, window)]


def run_windows(model, data, case):
    """Every window from the carried (detached) state, parameters fixed; gradients zeroed per window."""
    h, c = data["h0"], data["c0"]
    out = []
    for start, length in windows(SHAPE["steps"], SHAPE["window"]):
        model.zero_grad()
        sl = slice(start, start + length)
        prediction, (h, c) = model(data["x"][:, sl], (h.detach(), c.detach()))
        loss = horizon_loss(prediction, data["labels"][:, sl], data["mask"][:, sl], case["quantiles"],
                                case.get("weights"))
        loss.backward()
        out.append(dict(start=start, length=length, mask_count=int(data["mask"][:, sl].sum().item()),
                        loss=loss.item(), prediction=prediction.detach().clone(),
                        grads={n: p.grad.detach().clone() for n, p in model.named_parameters()},
                        h_end=h.detach().clone(), c_end=c.detach().clone()))
    return out


def run_trajectory(model, data, case):
    """WindowTrainer: per window zero grads, forward from the carried state, loss, backward, clip, Adam step."""
    opt = torch.optim.Adam(model.parameters(), lr=ADAM["lr"], betas=tuple(ADAM["betas"]), eps=ADAM["eps"],
                           weight_decay=ADAM["weight_decay"], amsgrad=ADAM["amsgrad"])
    trace = []
    for _ in range(PASSES):
        h, c = data["h0"], data["c0"]                               # each pass starts the sequence again
        for start, length in windows(SHAPE["steps"], SHAPE["window"]):
            opt.zero_grad()
            sl = slice(start, start + length)
            prediction, (h, c) = model(data["x"][:, sl], (h.detach(), c.detach()))
            loss = horizon_loss(prediction, data["labels"][:, sl], data["mask"][:, sl], case["quantiles"],
                                case.get("weights"))
            loss.backward()
            norm = torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP_NORM).item()
            opt.step()
            trace.append(dict(step=len(trace) + 1, start=start, length=length, loss_before_step=loss.item(),
                              grad_norm_before_clip=norm, clip_scale=min(1.0, CLIP_NORM / (norm + 1e-6)),
                              params_after={n: p.detach().clone() for n, p in model.named_parameters()}))
    return trace


def tolerance_share(reference, other):
    """The largest share of the float32 tolerance that float32 results use against the float64 ones."""
    worst = 0.0
    if isinstance(reference, dict):
        for key, value in reference.items():
            worst = max(worst, tolerance_share(value, other[key]))
    elif isinstance(reference, list):
        for a, b in zip(reference, other):
            worst = max(worst, tolerance_share(a, b))
    elif isinstance(reference, torch.Tensor):
        ref = reference.double()
        worst = ((other.double() - ref).abs() / (ATOL + RTOL * ref.abs())).max().item()
    elif isinstance(reference, float):
        worst = abs(other - reference) / (ATOL + RTOL * abs(reference))
    return worst


def generate(case):
    seed = case["torch_seed"]
    while True:
        model, data = draw(case, seed, torch.float64)
        initial = {n: p.detach().clone() for n, p in model.named_parameters()}
        wins = run_windows(model, data, case)
        trace = run_trajectory(model, data, case)
        model32, data32 = draw(case, seed, torch.float32)
        share = max(tolerance_share(wins, run_windows(model32, data32, case)),
                    tolerance_share(trace, run_trajectory(model32, data32, case)))
        if share <= CONDITIONING:
            return seed, model, data, initial, wins, trace, share
        print(f"{case['name']}: torch_seed {seed} uses {100 * share:.1f}% of the float32 tolerance in float32, redrawing")
        seed += 20


def nested(value):
    if isinstance(value, torch.Tensor):
        return value.tolist()
    if isinstance(value, dict):
        return {k: nested(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nested(v) for v in value]
    return value


def dumps(value, indent=0):
    """Like the rnn-reference files: objects one key per line (indent 1), arrays of numbers on one line."""
    pad = " " * (indent + 1)
    if isinstance(value, dict):
        items = [f'{pad}{json.dumps(k)}: {dumps(v, indent + 1)}' for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return "[\n" + ",\n".join(pad + dumps(v, indent + 1) for v in value) + "\n" + " " * indent + "]"
    return json.dumps(value, separators=(",", ":"))                # floats: shortest round-trip repr


def document(case):
    seed, model, data, initial, wins, trace, share = generate(case)
    s = SHAPE
    q = max(1, len(case["quantiles"]))
    doc = dict(schema=SCHEMA, name=case["name"], description=case["description"],
               generator=f"PyTorch {torch.__version__}, float64", variant="public", seed=1, torch_seed=seed,
               cell="lstm", gate_order=GATE_ORDER, input_size=s["input_size"], hidden_size=s["hidden_size"],
               num_layers=s["num_layers"], bidirectional=False, num_directions=1,
               horizon=s["horizon"], targets=s["targets"], quantiles=case["quantiles"],
               output_size=s["horizon"] * s["targets"] * q, output_layout="o = ((h * Y) + y) * Q + q",
               loss="horizon_pinball" if case["quantiles"] else "horizon_mse",
               batch=s["batch"], steps=s["steps"], window=s["window"], float32_share=round(share, 4),
               params=initial, input=data["x"], labels=data["labels"], mask=data["mask"],
               h0=data["h0"], c0=data["c0"], windows=wins,
               optimizer=ADAM, clip_norm=CLIP_NORM, passes=PASSES, num_updates=len(trace), steps_trace=trace)
    if "weights" in case:
        doc["weights"] = case["weights"]                             # [H][Y]; absent: every label weighs 1
    return nested(doc), share


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.normpath(os.path.join(here, "..", "resources", "fixtures", "torch", "horizon")))
    args = parser.parse_args()
    torch.set_num_threads(1)
    os.makedirs(args.out, exist_ok=True)
    for case in CASES:
        doc, share = document(case)
        path = os.path.join(args.out, case["name"] + ".json")
        with open(path, "w") as f:
            f.write(dumps(doc) + "\n")
        clipped = sum(1 for e in doc["steps_trace"] if e["clip_scale"] < 1.0)
        print(f"{path}: torch_seed {doc['torch_seed']}, float32 rerun uses {100 * share:.2f}% of the tolerance, "
              f"{clipped}/{doc['num_updates']} updates clipped, window losses "
              + ", ".join(f"{w['loss']:.4f}" for w in doc["windows"]))


if __name__ == "__main__":
    main()

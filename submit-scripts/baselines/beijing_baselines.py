#!/usr/bin/env python3
"""Single-machine baselines for PM2.5 day-ahead forecasting on the Beijing multi-site data, scored
exactly on the points that Sparkcast's `evaluate` scores with conf/beijing-multisite.properties.

    /usr/bin/python3 submit-scripts/baselines/beijing_baselines.py --out target/baselines [--tune]

Writes into --out:
  metrics.json                 every number of docs/baselines.md (per range and model: MAE, RMSE, relative MAE
                               against naive and seasonal naive, MAE per step 1..24, point counts, timings,
                               with --tune the validation grid, and the protocol counters)
  scored_points_test.csv       one row per scored point: series (station), origin_time, target_time, step
  scored_points_validation.csv (as in evaluate's forecasts files), actual, naive, seasonal_naive, each model
and prints a short table.

Protocol: a replica of Sparkcast's cleaning (SeriesCleaner, GapBridge, SegmentSink, CrossSeriesMeans) and
backtest (Backtester) under conf/beijing-multisite.properties with evaluate.origin-time=23:00 (checked
point by point against `sparkcast evaluate`, see docs/baselines.md):
  * numeric columns = target PM2.5, past covariates TEMP, PRES, DEWP, WSPM, PM10, SO2, NO2, CO, O3, and the
    cross-series mean of PM2.5 (mean over the stations that read it at that hour). A step is *complete* when
    all eleven are present. A run of <= 6 incomplete steps between two complete steps is filled linearly
    (values present inside it kept) unless the two lie in different splits; a longer run, or one across a split
    boundary, ends the segment. Segments shorter than 49 steps (window 48 + 1) are dropped.
  * ranges by local time: train < 2016-03-01T00:00 <= validation < 2016-09-01T00:00 <= test.
  * origins t0: 23:00 local, the next hour inside the range; at least 48 steps of its segment at or before t0
    (forecast.min-history defaults to the window); complete (nothing imputed at t0); its segment holds
    t0+1 .. t0+24 (else "cut by gap").
  * a point (origin, step h) is scored when PM2.5 was read (not imputed) at t0+h.
  * naive = PM2.5 at t0; seasonal naive = cleaned PM2.5 at t0+h-24 (the linear fill where imputed).
Models see only information at or before t0 (raw data, causal forward fill; never the linear fill).
"""
import argparse
import csv
import glob
import json
import math
import os
import platform
import time
from datetime import datetime

import numpy as np
import pandas as pd

STATIONS_GLOB = "PRSA_Data_*_20130301-20170228.csv.gz"
NUMERIC = ["PM2.5", "PM10", "SO2", "NO2", "CO", "O3", "TEMP", "PRES", "DEWP", "RAIN", "WSPM"]
# the numeric columns of conf/beijing-multisite.properties: targets, past, cross-series means (in that order)
JAVA_TARGETS = ["PM2.5"]
JAVA_PAST = ["TEMP", "PRES", "DEWP", "WSPM", "PM10", "SO2", "NO2", "CO", "O3"]
JAVA_CROSS = ["PM2.5"]
ORIGIN_HOUR = 23     # evaluate.origin-time=23:00
TARGET = "PM2.5"
TRAIN_END = datetime(2016, 3, 1)
VALIDATION_END = datetime(2016, 9, 1)
H = 24
SEASON = 24
MAX_GAP = 6          # data.gap.max-steps
MIN_SEGMENT = 49     # data.window.steps + 1
MIN_HISTORY = 48     # max(forecast.min-history -> window 48, season 24)
SPLITS = {"train": 0, "validation": 1, "test": 2}
WD = ["N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW"]


def log(msg):
    print(time.strftime("%H:%M:%S"), msg, flush=True)


# ----------------------------------------------------------------------------------------------------------
# data

class Panel:
    """All stations on one hourly grid: raw[s, t, f] (NaN for NA), times (naive local), split id per t."""

    def __init__(self, data_dir):
        files = sorted(glob.glob(os.path.join(data_dir, STATIONS_GLOB)))
        if len(files) != 12:
            raise SystemExit(f"expected 12 station files in {data_dir}, found {len(files)}")
        frames = []
        for f in files:
            # round_trip: the same doubles as Java's Double.parseDouble (the C parser can be off by an ulp)
            d = pd.read_csv(f, float_precision="round_trip")
            frames.append(d)
        frames.sort(key=lambda d: d["station"].iloc[0])  # Sparkcast orders series by name
        self.stations = [d["station"].iloc[0] for d in frames]
        t = pd.to_datetime(frames[0][["year", "month", "day", "hour"]])
        for d in frames:
            if not (pd.to_datetime(d[["year", "month", "day", "hour"]]) == t).all():
                raise SystemExit("station files are not on one common hourly grid")
        if not (t.diff().iloc[1:] == pd.Timedelta(hours=1)).all():
            raise SystemExit("time stamps are not strictly consecutive hours")
        self.times = t.dt.to_pydatetime()
        self.t64 = t.values
        self.T = len(t)
        self.raw = np.stack([d[NUMERIC].to_numpy(dtype=np.float64) for d in frames])  # [S, T, F]
        wd = np.stack([d["wd"].map({w: i * 22.5 for i, w in enumerate(WD)}).to_numpy(dtype=np.float64) for d in frames])
        self.wd_deg = wd
        self.split = np.where(t < TRAIN_END, 0, np.where(t < VALIDATION_END, 1, 2)).astype(np.int8)
        self.hour = t.dt.hour.to_numpy()
        self.dow = t.dt.dayofweek.to_numpy()
        self.doy = t.dt.dayofyear.to_numpy()
        self.month = t.dt.month.to_numpy()

    def col(self, name):
        return NUMERIC.index(name)


# ----------------------------------------------------------------------------------------------------------
# the Java tool's cleaning and backtest, replicated

class Cleaned:
    """Per station: segment id per step (-1 dropped), the cleaned (linearly filled) numeric columns, and the
    `observed` (every target read) / `complete` (nothing imputed) flags of Sparkcast's cleaned rows."""

    def __init__(self, panel):
        raw = panel.raw
        with np.errstate(all="ignore"):
            cross = [np.nanmean(raw[:, :, panel.col(c)], axis=0) for c in JAVA_CROSS]  # NaN when no station read it
        S, T = raw.shape[:2]
        names = JAVA_TARGETS + JAVA_PAST + ["mean:" + c for c in JAVA_CROSS]
        n_targets = len(JAVA_TARGETS)
        self.columns = names
        self.segment = np.full((S, T), -1, dtype=np.int32)
        self.values = np.full((S, T, len(names)), np.nan)
        self.observed = np.zeros((S, T), dtype=bool)
        self.complete = np.zeros((S, T), dtype=bool)
        self.segments = []                                   # per station: list of (start, end) inclusive
        self.counters = {"segments": 0, "segments_short_dropped": 0, "steps_imputed": 0, "gaps_cut_at_split_boundary": 0}
        for s in range(S):
            x = np.stack([raw[s, :, panel.col(c)] for c in JAVA_TARGETS + JAVA_PAST] + cross, axis=1)
            comp = np.isfinite(x).all(axis=1)
            cidx = np.flatnonzero(comp)
            segs = []
            start = prev = int(cidx[0])
            for c in cidx[1:]:
                c = int(c)
                run = c - prev - 1
                if run > 0 and (run > MAX_GAP or panel.split[prev] != panel.split[c]):
                    if run <= MAX_GAP:
                        self.counters["gaps_cut_at_split_boundary"] += 1
                    segs.append((start, prev))
                    start = c
                prev = c
            segs.append((start, prev))
            kept = []
            for a, b in segs:
                if b - a + 1 < MIN_SEGMENT:
                    self.counters["segments_short_dropped"] += 1
                    continue
                kept.append((a, b))
            for k, (a, b) in enumerate(kept):
                self.segment[s, a:b + 1] = k
                self.complete[s, a:b + 1] = comp[a:b + 1]
                self.observed[s, a:b + 1] = comp[a:b + 1]
                self.values[s, a:b + 1] = x[a:b + 1]
                # bridge runs of incomplete steps as GapBridge.bridge does: a + (b - a) * (k - ka) / (kb - ka)
                inc = np.flatnonzero(~comp[a:b + 1]) + a
                self.counters["steps_imputed"] += len(inc)
                for k_ in inc:
                    lo = k_ - 1
                    while not comp[lo]:
                        lo -= 1
                    hi = k_ + 1
                    while not comp[hi]:
                        hi += 1
                    real = x[k_]
                    for i in range(len(names)):
                        if not math.isfinite(real[i]):
                            self.values[s, k_, i] = x[lo, i] + (x[hi, i] - x[lo, i]) * float(k_ - lo) / float(hi - lo)
                    self.observed[s, k_] = bool(np.isfinite(real[:n_targets]).all())
            self.segments.append(kept)
            self.counters["segments"] += len(kept)


class Points:
    """The scored points of one range: arrays over points (station, origin index, step) with the actual,
    naive and seasonal-naive values, the origins, and the counters of origins left out."""

    def __init__(self, panel, cleaned, split_name):
        sid = SPLITS[split_name]
        origins, cut, imputed, short = [], 0, 0, 0
        for s in range(len(panel.stations)):
            for a, b in cleaned.segments[s]:
                for t0 in range(a, b):          # t0 has a successor in its segment (Backtester scores x(t0) then)
                    if panel.split[t0 + 1] != sid or panel.hour[t0] != ORIGIN_HOUR:
                        continue
                    if t0 - a + 1 < MIN_HISTORY:
                        short += 1
                        continue
                    if not cleaned.complete[s, t0]:
                        imputed += 1
                        continue
                    if t0 + H > b:
                        cut += 1
                        continue
                    origins.append((s, t0))
        self.split = split_name
        self.origins = np.array(origins, dtype=np.int64).reshape(-1, 2)
        st, ot, hh = [], [], []
        unobserved = 0
        for s, t0 in origins:
            for h in range(1, H + 1):
                if cleaned.observed[s, t0 + h]:
                    st.append(s)
                    ot.append(t0)
                    hh.append(h)
                else:
                    unobserved += 1
        self.s = np.array(st, dtype=np.int64)
        self.t0 = np.array(ot, dtype=np.int64)
        self.h = np.array(hh, dtype=np.int64)
        self.actual = cleaned.values[self.s, self.t0 + self.h, 0]
        self.naive = cleaned.values[self.s, self.t0, 0]
        self.seasonal = cleaned.values[self.s, self.t0 + self.h - SEASON, 0]
        self.counters = {"origins": len(origins), "origins_cut_by_gap": cut, "origins_at_imputed_steps": imputed,
                         "origins_short_history": short, "points": int(len(self.s)), "points_unobserved": unobserved}
        self.forecasts = {"naive": self.naive, "seasonal_naive": self.seasonal}
        key = {(int(s), int(t)): i for i, (s, t) in enumerate(origins)}
        self.row = np.array([key[(int(s), int(t))] for s, t in zip(self.s, self.t0)], dtype=np.int64)

    def __len__(self):
        return len(self.s)


def literal_rule_counts(panel, split_name):
    """A plain rule, for reference only: every 23:00 origin whose 24 targets lie in the range, PM2.5
    observed at the origin, points where PM2.5 is observed (and seasonal naive available), no segments."""
    sid = SPLITS[split_name]
    pm = panel.raw[:, :, panel.col(TARGET)]
    n, n_orig, abs_naive = 0, 0, 0.0
    for s in range(len(panel.stations)):
        for t0 in np.flatnonzero(panel.hour == 23):
            if t0 + H >= panel.T or panel.split[t0 + 1] != sid or panel.split[t0 + H] != sid:
                continue
            if not np.isfinite(pm[s, t0]):
                continue
            n_orig += 1
            for h in range(1, H + 1):
                if np.isfinite(pm[s, t0 + h]) and np.isfinite(pm[s, t0 + h - SEASON]):
                    n += 1
                    abs_naive += abs(pm[s, t0] - pm[s, t0 + h])
    return {"origins": n_orig, "points": n, "naive_mae": abs_naive / max(n, 1)}


# ----------------------------------------------------------------------------------------------------------
# metrics

def metrics(points, forecast):
    """MAE, RMSE, relative MAE against both baselines, MAE per step, over the split's scored points."""
    f = np.asarray(forecast, dtype=np.float64)
    if not np.isfinite(f).all():
        raise SystemExit("non-finite forecast")
    e = np.abs(f - points.actual)
    en = np.abs(points.naive - points.actual)
    es = np.abs(points.seasonal - points.actual)
    by_step = []
    for h in range(1, H + 1):
        m = points.h == h
        by_step.append({"step": h, "points": int(m.sum()), "mae": float(e[m].mean()),
                        "rel_mae_naive": float(e[m].sum() / en[m].sum())})
    return {"mae": float(e.mean()), "rmse": float(np.sqrt(((f - points.actual) ** 2).mean())),
            "rel_mae_naive": float(e.sum() / en.sum()), "rel_mae_seasonal_naive": float(e.sum() / es.sum()),
            "points": int(len(e)), "by_step": by_step}


# ----------------------------------------------------------------------------------------------------------
# features (causal: every feature of origin t uses data at or before t only)

def ffill(a):
    """Forward fill along the last axis (NaN stays NaN before the first value)."""
    idx = np.where(np.isfinite(a), np.arange(a.shape[-1]), 0)
    np.maximum.accumulate(idx, axis=-1, out=idx)
    out = np.take_along_axis(a, idx, axis=-1)
    return out


def lag(a, k):
    """a[..., t - k] at t (NaN before the start)."""
    if k == 0:
        return a.copy()
    out = np.full_like(a, np.nan)
    out[..., k:] = a[..., :-k]
    return out


def roll(a, w, how="mean"):
    """Rolling statistic over the w steps ending at t, ignoring NaN (NaN when all missing); a is [S, T]."""
    df = pd.DataFrame(a.T)
    r = df.rolling(w, min_periods=1)
    out = {"mean": r.mean, "std": r.std, "max": r.max, "min": r.min, "sum": r.sum}[how]()
    return out.to_numpy().T


class Features:
    """Origin features for every (station, hour) as [S, T, F] arrays, plus step-dependent lookups."""

    def __init__(self, panel):
        raw = panel.raw
        S, T = raw.shape[:2]
        g = lambda c: raw[:, :, panel.col(c)]
        pm = g(TARGET)
        self.pm = pm
        wdr = np.deg2rad(panel.wd_deg)
        ws = g("WSPM")
        u, v = -ws * np.sin(wdr), -ws * np.cos(wdr)   # wind towards east / north
        cross = np.nanmean(np.where(np.isfinite(pm), pm, np.nan), axis=0)[None, :].repeat(S, 0)  # [S, T]
        self.cross = cross
        cols, names = [], []

        def add(name, x):
            names.append(name)
            cols.append(x.astype(np.float32))

        for k in list(range(24)) + [24, 36, 48, 72, 96, 120, 144, 168]:
            add(f"pm_lag{k}", lag(pm, k))
        pmf = ffill(pm)
        add("pm_ffill", pmf)
        add("log_pm", np.log1p(pmf))
        for w in (3, 6, 12, 24, 48, 72, 168):
            add(f"pm_mean{w}", roll(pm, w))
        add("pm_std24", roll(pm, 24, "std"))
        add("pm_max24", roll(pm, 24, "max"))
        add("pm_min24", roll(pm, 24, "min"))
        add("pm_d1", pmf - lag(pmf, 1))
        add("pm_d3", pmf - lag(pmf, 3))
        add("pm_d6", pmf - lag(pmf, 6))
        add("pm_d24", pmf - lag(pmf, 24))
        for c in ("PM10", "SO2", "NO2", "CO", "O3"):
            add(c, g(c))
            add(c + "_mean24", roll(g(c), 24))
        add("pm25_pm10", pmf / np.maximum(ffill(g("PM10")), 1.0))
        for c in ("TEMP", "PRES", "DEWP", "RAIN", "WSPM"):
            add(c, g(c))
        add("u", u)
        add("v", v)
        add("wd_sin", np.sin(wdr))
        add("wd_cos", np.cos(wdr))
        add("spread", g("TEMP") - g("DEWP"))
        for k in (3, 6, 12, 24):
            add(f"PRES_d{k}", g("PRES") - lag(g("PRES"), k))
            add(f"DEWP_d{k}", g("DEWP") - lag(g("DEWP"), k))
        add("TEMP_d24", g("TEMP") - lag(g("TEMP"), 24))
        add("WSPM_mean6", roll(ws, 6))
        add("WSPM_max24", roll(ws, 24, "max"))
        add("u_mean6", roll(u, 6))
        add("v_mean6", roll(v, 6))
        add("u_mean24", roll(u, 24))
        add("v_mean24", roll(v, 24))
        add("RAIN_sum24", roll(g("RAIN"), 24, "sum"))
        for k in (0, 1, 2, 3, 6, 12, 24, 48, 168):
            add(f"cross_lag{k}", lag(cross, k))
        add("cross_mean24", roll(cross, 24))
        add("cross_mean72", roll(cross, 72))
        add("pm_minus_cross", pmf - ffill(cross))
        cal = lambda x: np.broadcast_to(x[None, :], (S, T)).astype(np.float64)
        add("hour", cal(panel.hour))
        add("dow", cal(panel.dow))
        add("doy", cal(panel.doy))
        add("month", cal(panel.month))
        add("station", np.broadcast_to(np.arange(S)[:, None], (S, T)).astype(np.float64))
        self.base = np.stack(cols, axis=-1)      # [S, T, F] float32
        self.base_names = names
        self.step_names = ["step", "target_hour", "pm_tgt_lag24", "pm_tgt_lag48", "pm_tgt_lag168",
                           "cross_tgt_lag24", "pm_mean_tgt_hour7d"]
        # mean of PM2.5 at the target's hour of day over the last 7 days (at or before the origin)
        stack = np.stack([lag(pm, 24 * d) for d in range(7)])
        with np.errstate(all="ignore"):
            daily = np.nanmean(stack, axis=0)    # at t: mean of pm[t], pm[t-24], ..., pm[t-144]
        self.daily7 = daily
        self.names = self.base_names + self.step_names
        self.hour = panel.hour

    def rows(self, s, t0, h):
        """Feature rows for origins (s, t0) and steps h (arrays of equal length)."""
        base = self.base[s, t0]
        tg = t0 + h
        step = np.stack([h, (self.hour[t0] + h) % 24,
                         self.pm[s, tg - 24], self.pm[s, tg - 48], self.pm[s, np.maximum(tg - 168, 0)],
                         self.cross[s, tg - 24], self.daily7[s, tg - 24]], axis=1).astype(np.float32)
        step[tg - 168 < 0, 4] = np.nan
        return np.concatenate([base, step], axis=1)


# ----------------------------------------------------------------------------------------------------------
# LSTM: inputs, training on sequences where every hour is an origin, inference on a fixed context window

LSTM_INPUTS = ["PM10", "SO2", "NO2", "CO", "O3", "TEMP", "PRES", "DEWP", "RAIN", "WSPM"]


class LstmInputs:
    """x[s, t, :] for every station and hour: z-scored (per station, mean/std of the training range)
    forward-filled PM2.5, its missing flag, other pollutants, weather, wind components, the cross-station
    mean PM2.5 (z-scored with the station's PM2.5 scaler), calendar sin/cos and a station one-hot.
    Forward fill only uses the past; values before a station's first reading are 0 (the mean)."""

    def __init__(self, panel, features, calendar=("hour", "dow", "doy"), station_onehot=True):
        raw = panel.raw
        S, T = raw.shape[:2]
        train = panel.split == SPLITS["train"]
        pm = raw[:, :, panel.col(TARGET)]
        self.mu = np.nanmean(pm[:, train], axis=1)           # [S]
        self.sd = np.nanstd(pm[:, train], axis=1)
        z = lambda a, m, s: (a - m[:, None]) / s[:, None]
        cols = []

        def add(a):
            a = ffill(a)
            cols.append(np.nan_to_num(a, nan=0.0))

        add(z(pm, self.mu, self.sd))
        cols.append((~np.isfinite(pm)).astype(np.float64))
        for c in LSTM_INPUTS:
            a = raw[:, :, panel.col(c)]
            m, s = np.nanmean(a[:, train], axis=1), np.nanstd(a[:, train], axis=1)
            add(z(a, m, np.maximum(s, 1e-6)))
        wdr = np.deg2rad(ffill(panel.wd_deg))
        ws = ffill(raw[:, :, panel.col("WSPM")])
        for a in (-ws * np.sin(wdr), -ws * np.cos(wdr)):
            add(a / np.nanstd(a[:, train]))
        add(z(features.cross, self.mu, self.sd))
        for name, period, x in (("hour", 24, panel.hour), ("dow", 7, panel.dow), ("doy", 365.25, panel.doy)):
            if name in calendar:
                for fn in (np.sin, np.cos):
                    cols.append(np.broadcast_to(fn(2 * np.pi * x / period)[None, :], (S, T)))
        for k in range(S if station_onehot else 0):
            cols.append(np.broadcast_to((np.arange(S) == k).astype(np.float64)[:, None], (S, T)))
        self.x = np.stack(cols, axis=-1).astype(np.float32)  # [S, T, I]
        self.pm_z = z(pm, self.mu, self.sd)                    # raw (NaN where missing), the loss target
        self.last_z = self.x[:, :, 0]                          # forward-filled PM2.5 (z)


def make_lstm(torch, n_in, hidden, dropout):
    nn = torch.nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = nn.LSTM(n_in, hidden, batch_first=True)
            self.drop = nn.Dropout(dropout)
            self.head = nn.Sequential(nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, H))

        def forward(self, x):                # x [B, L, I] -> [B, L, H]: at every hour, its next 24 hours
            o, _ = self.rnn(x)
            return x[:, :, :1] + self.head(self.drop(o))   # residual on the (z) PM2.5 of that hour

    return Net()


def train_lstm(panel, inputs, val_points, cfg, seed, log_prefix="lstm"):
    """Trains on chunks of `chunk` hours from the training range; every hour after `burn` in a chunk is an
    origin whose 24 targets (observed and inside the training range) enter an L1 loss in original units
    (z-error times the station's std). Selects the epoch with the best validation MAE (23:00 origins,
    scored points). Returns the best model and the per-epoch history."""
    import torch
    torch.manual_seed(seed)
    rng = np.random.RandomState(seed)
    S, T, I = inputs.x.shape
    L, burn = cfg["chunk"], cfg["burn"]
    net = make_lstm(torch, I, cfg["hidden"], cfg["dropout"])
    opt = torch.optim.Adam(net.parameters(), lr=cfg["lr"], weight_decay=cfg["weight_decay"])
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=cfg["epochs"])
    train_end = int(np.flatnonzero(panel.split == SPLITS["train"]).max()) + 1
    # targets y[s, t, h-1] = z PM2.5 at t+h, NaN where missing or outside the training range
    y = np.full((S, T, H), np.nan, dtype=np.float32)
    for h in range(1, H + 1):
        y[:, :T - h, h - 1] = inputs.pm_z[:, h:]
        y[:, max(train_end - h, 0):, h - 1] = np.nan
    w = torch.tensor((inputs.sd / inputs.sd.mean()).astype(np.float32))
    x_all = torch.from_numpy(inputs.x)
    y_all = torch.from_numpy(y)
    starts_max = train_end - L
    per_epoch = int(cfg["coverage"] * S * train_end / (L - burn))
    best, history, best_state = float("inf"), [], None
    for epoch in range(cfg["epochs"]):
        t_ep = time.time()
        net.train()
        ss = rng.randint(0, S, per_epoch)
        st = rng.randint(0, starts_max + 1, per_epoch)
        total, n = 0.0, 0
        for b in range(0, per_epoch, cfg["batch"]):
            bs, bt = ss[b:b + cfg["batch"]], st[b:b + cfg["batch"]]
            idx = torch.from_numpy(bt[:, None] + np.arange(L)[None, :])
            sidx = torch.from_numpy(bs)[:, None]
            xb = x_all[sidx, idx]
            yb = y_all[sidx, idx][:, burn:]
            out = net(xb)[:, burn:]
            m = torch.isfinite(yb)
            err = (out - torch.nan_to_num(yb)).abs() * w[sidx][:, :, None]
            loss = (err * m).sum() / m.sum().clamp(min=1)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), cfg["clip"])
            opt.step()
            total += float(loss) * len(bs)
            n += len(bs)
        sched.step()
        pred = predict_lstm(net, inputs, val_points, L)
        mae = float(np.abs(pred - val_points.actual).mean())
        history.append({"epoch": epoch + 1, "train_loss": total / n, "val_mae": mae, "seconds": round(time.time() - t_ep, 1)})
        log(f"{log_prefix} epoch {epoch + 1}/{cfg['epochs']}: train L1 {total / n:.4f} (z*w), validation MAE {mae:.3f}, {time.time() - t_ep:.0f} s")
        if mae < best:
            best = mae
            best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
    net.load_state_dict(best_state)
    return net, history


def predict_lstm(net, inputs, points, context):
    """Forecasts of the points' origins: the net runs from a zero state over the `context` hours ending at
    the origin (as during training, where an origin has burn..chunk hours before it) and its output at the
    origin is inverted to original units."""
    import torch
    net.eval()
    orig = points.origins
    out = np.empty((len(orig), H), dtype=np.float64)
    with torch.no_grad():
        for b in range(0, len(orig), 256):
            o = orig[b:b + 256]
            idx = o[:, 1:2] - context + 1 + np.arange(context)[None, :]
            xb = torch.from_numpy(inputs.x[o[:, 0:1], idx])
            z = net(xb)[:, -1].numpy().astype(np.float64)
            out[b:b + 256] = z * inputs.sd[o[:, 0:1]] + inputs.mu[o[:, 0:1]]
    return out[points.row, points.h - 1]


# ----------------------------------------------------------------------------------------------------------
# gradient-boosted trees: one model over all 24 steps (the step is a feature)

GBT_DEFAULT = {"origin_hours": [23], "max_depth": 6, "eta": 0.05, "subsample": 0.8, "colsample_bytree": 0.6,
               "min_child_weight": 20, "max_bin": 256, "rounds": 3000, "early_stopping": 100}
# the best row of the validation grid (see tune) for each target transform
GBT_CONFIGS = {"gbt": dict(GBT_DEFAULT, origin_hours=[5, 11, 17, 23]), "gbt_log1p": dict(GBT_DEFAULT)}


def gbt_train_rows(panel, hours):
    """Training (origin, step) pairs: origins at the given local hours inside the training range with at
    least 168 hours before them, PM2.5 observed at the origin (as every scored origin has it), all 24
    targets inside the training range; one row per step whose PM2.5 was observed."""
    pm = panel.raw[:, :, panel.col(TARGET)]
    S, T = pm.shape
    cand = np.flatnonzero(np.isin(panel.hour, hours) & (np.arange(T) >= 168) & (np.arange(T) + H < T))
    cand = cand[(panel.split[cand] == 0) & (panel.split[cand + H] == 0)]
    ss, tt, hh = [], [], []
    for s in range(S):
        t0 = cand[np.isfinite(pm[s, cand])]
        for h in range(1, H + 1):
            ok = np.isfinite(pm[s, t0 + h])
            ss.append(np.full(ok.sum(), s))
            tt.append(t0[ok])
            hh.append(np.full(ok.sum(), h))
    return np.concatenate(ss), np.concatenate(tt), np.concatenate(hh)


def train_gbt(panel, feats, val_points, cfg, target_transform, seed):
    """xgboost (hist, nthread=1), squared error on y or on log1p(y); the number of rounds is chosen by
    early stopping on the MAE of the validation points in original units (PM2.5, after expm1)."""
    import xgboost as xgb
    s, t0, h = gbt_train_rows(panel, cfg["origin_hours"])
    pm = panel.raw[:, :, panel.col(TARGET)]
    y = pm[s, t0 + h]
    fwd, inv = (np.log1p, np.expm1) if target_transform == "log1p" else (lambda a: a, lambda a: a)
    dtrain = xgb.DMatrix(feats.rows(s, t0, h), label=fwd(y), feature_names=feats.names)
    dval = xgb.DMatrix(feats.rows(val_points.s, val_points.t0, val_points.h), label=fwd(val_points.actual),
                       feature_names=feats.names)
    params = {"objective": "reg:squarederror", "tree_method": "hist", "nthread": 1, "seed": seed,
              "disable_default_eval_metric": 1, "eta": cfg["eta"], "max_depth": cfg["max_depth"],
              "subsample": cfg["subsample"], "colsample_bytree": cfg["colsample_bytree"],
              "min_child_weight": cfg["min_child_weight"], "max_bin": cfg["max_bin"]}
    actual = val_points.actual

    def mae(predt, dmat):
        return "mae_pm25", float(np.abs(np.maximum(inv(predt.astype(np.float64)), 0.0) - actual).mean())

    bst = xgb.train(params, dtrain, cfg["rounds"], evals=[(dval, "validation")], custom_metric=mae,
                    early_stopping_rounds=cfg["early_stopping"], verbose_eval=False)
    n = bst.best_iteration + 1

    def predict(points):
        d = xgb.DMatrix(feats.rows(points.s, points.t0, points.h), feature_names=feats.names)
        return np.maximum(inv(bst.predict(d, iteration_range=(0, n)).astype(np.float64)), 0.0)

    return predict, {"rounds": n, "train_rows": int(len(y))}


# ----------------------------------------------------------------------------------------------------------
# main

LSTM_DEFAULT = {"chunk": 240, "burn": 48, "hidden": 64, "dropout": 0.3, "lr": 3e-3, "weight_decay": 1e-4,
                "epochs": 10, "batch": 64, "coverage": 1.0, "clip": 1.0, "members": 3}
# the validation grid (single member, seed 1), as run for docs/baselines.md; the default is the best row as
# an ensemble of three seeds
LSTM_GRID = [
    {"dropout": 0.1, "weight_decay": 0.0, "epochs": 30},
    {"dropout": 0.1, "weight_decay": 0.0, "epochs": 12, "calendar": ["hour"]},
    {"dropout": 0.3, "weight_decay": 1e-4, "epochs": 12},
    {"dropout": 0.2, "weight_decay": 1e-4, "epochs": 16, "lr": 1e-3},
    {"dropout": 0.2, "weight_decay": 0.0, "epochs": 12, "lr": 1e-3, "hidden": 128},
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--data", default="/work/shared/data/beijing-multisite")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--models", default="gbt,gbt_log1p,lstm", help="comma-separated subset of gbt,gbt_log1p,lstm")
    ap.add_argument("--tune", action="store_true", help="also run the validation grid (slow) and record it")
    ap.add_argument("--lstm-epochs", type=int, default=LSTM_DEFAULT["epochs"])
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    import torch
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    t_all = time.time()

    t = time.time()
    panel = Panel(args.data)
    cleaned = Cleaned(panel)
    pts = {sp: Points(panel, cleaned, sp) for sp in ("validation", "test")}
    for sp, p in pts.items():
        log(f"{sp}: {p.counters}")
    t_data = time.time() - t
    with np.errstate(all="ignore"):
        import warnings
        warnings.filterwarnings("ignore", category=RuntimeWarning)
        t = time.time()
        feats = Features(panel)
        t_feats = time.time() - t
    result = {"protocol": {"config": "conf/beijing-multisite.properties", "train_end": TRAIN_END.isoformat(),
                           "validation_end": VALIDATION_END.isoformat(), "horizon": H, "origin_hour": ORIGIN_HOUR, "season": SEASON,
                           "max_gap": MAX_GAP, "min_segment": MIN_SEGMENT, "min_history": MIN_HISTORY,
                           "scored_when": "cleaned step observed: PM2.5, TEMP, PRES, DEWP, WSPM all read",
                           "cleaning": cleaned.counters,
                           "literal_rule_for_reference": {sp: literal_rule_counts(panel, sp) for sp in pts}},
              "splits": {sp: dict(p.counters) for sp, p in pts.items()},
              "models": {}, "timings_s": {"load_clean_points": round(t_data, 1), "features": round(t_feats, 1)},
              "environment": {"python": platform.python_version(), "numpy": np.__version__, "pandas": pd.__version__,
                              "torch": torch.__version__, "threads": 1, "seed": args.seed}}

    def record(name, predict, info, t_train):
        t = time.time()
        preds = {sp: predict(p) for sp, p in pts.items()}
        t_pred = time.time() - t
        for sp, p in pts.items():
            p.forecasts[name] = preds[sp]
        result["models"][name] = {"info": info, "train_s": round(t_train, 1), "predict_s": round(t_pred, 1),
                                  **{sp: metrics(p, preds[sp]) for sp, p in pts.items()}}
        log(f"{name}: validation MAE {result['models'][name]['validation']['mae']:.3f}, "
            f"test MAE {result['models'][name]['test']['mae']:.3f} ({t_train:.0f} s training)")

    for name, key in (("naive", "naive"), ("seasonal_naive", "seasonal_naive")):
        result["models"][name] = {"train_s": 0.0, **{sp: metrics(p, p.forecasts[key]) for sp, p in pts.items()}}

    models = [m.strip() for m in args.models.split(",") if m.strip()]
    if args.tune:
        result["tuning"] = tune(panel, feats, pts["validation"], args.seed, models)
    for name in ("gbt", "gbt_log1p"):
        if name in models:
            cfg = dict(GBT_CONFIGS[name])
            t = time.time()
            predict, info = train_gbt(panel, feats, pts["validation"], cfg, "log1p" if name == "gbt_log1p" else "none", args.seed)
            info["config"] = cfg
            record(name, predict, info, time.time() - t)
    if "lstm" in models:
        cfg = dict(LSTM_DEFAULT, epochs=args.lstm_epochs)
        t = time.time()
        inputs = LstmInputs(panel, feats)
        nets, members = [], []
        for k in range(cfg["members"]):
            net, history = train_lstm(panel, inputs, pts["validation"], cfg, args.seed + k, f"lstm[{k + 1}]")
            best = min(history, key=lambda r: r["val_mae"])
            nets.append(net)
            members.append({"seed": args.seed + k, "best_epoch": best["epoch"], "best_val_mae": best["val_mae"],
                            "history": history})
        record("lstm", lambda p: np.mean([predict_lstm(n, inputs, p, cfg["chunk"]) for n in nets], axis=0),
               {"config": cfg, "inputs": inputs.x.shape[-1], "members": members}, time.time() - t)

    result["timings_s"]["total"] = round(time.time() - t_all, 1)
    with open(os.path.join(args.out, "metrics.json"), "w") as f:
        json.dump(result, f, indent=1)
    for sp, p in pts.items():
        write_points(os.path.join(args.out, f"scored_points_{sp}.csv"), panel, p)
    print_table(result)
    log(f"wrote {args.out}/metrics.json and scored_points_{{validation,test}}.csv")


def tune(panel, feats, val_points, seed, models):
    """The validation grid behind the defaults (validation data only)."""
    rows = []
    if "gbt" in models or "gbt_log1p" in models:
        grid = [([23], d) for d in (4, 6, 8)] + [([5, 11, 17, 23], 6)]
        for hours, depth in grid:
            for tr in ("none", "log1p"):
                cfg = dict(GBT_DEFAULT, origin_hours=hours, max_depth=depth)
                t = time.time()
                predict, info = train_gbt(panel, feats, val_points, cfg, tr, seed)
                mae = float(np.abs(predict(val_points) - val_points.actual).mean())
                rows.append({"model": "gbt", "target": tr, "origin_hours": hours, "max_depth": depth,
                             "rounds": info["rounds"], "val_mae": mae, "seconds": round(time.time() - t, 1)})
                log(f"tune {rows[-1]}")
    if "lstm" in models:
        for change in LSTM_GRID:
            change = dict(change)
            calendar = change.pop("calendar", ("hour", "dow", "doy"))
            cfg = dict(LSTM_DEFAULT, **change)
            t = time.time()
            inputs = LstmInputs(panel, feats, calendar=calendar)
            net, history = train_lstm(panel, inputs, val_points, cfg, seed, "tune lstm")
            best = min(history, key=lambda r: r["val_mae"])
            rows.append({"model": "lstm", **change, "calendar": list(calendar), "best_epoch": best["epoch"],
                         "val_mae": best["val_mae"], "val_mae_last_epoch": history[-1]["val_mae"],
                         "seconds": round(time.time() - t, 1)})
            log(f"tune {rows[-1]}")
    return rows


def write_points(path, panel, p):
    """The scored points with the key columns of `sparkcast evaluate`'s forecasts files (series, origin_time,
    target_time, step; times in local time with their offset) so the two can be joined."""
    names = [n for n in p.forecasts]
    local = lambda i: panel.times[i].strftime("%Y-%m-%dT%H:%M:%S+08:00")   # Asia/Shanghai: UTC+8 all year
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["series", "origin_time", "target_time", "step", "actual"] + names)
        for i in range(len(p)):
            s, t0, h = int(p.s[i]), int(p.t0[i]), int(p.h[i])
            w.writerow([panel.stations[s], local(t0), local(t0 + h), h, repr(float(p.actual[i]))]
                       + [repr(float(p.forecasts[n][i])) if n in ("naive", "seasonal_naive")
                          else f"{float(p.forecasts[n][i]):.6g}" for n in names])


def print_table(result):
    order = [m for m in ("naive", "seasonal_naive", "gbt", "gbt_log1p", "lstm") if m in result["models"]]
    for sp in ("validation", "test"):
        c = result["splits"][sp]
        print(f"\n{sp}: {c['points']} scored points, {c['origins']} origins (PM2.5, H=24, origins 23:00 local)")
        print(f"{'model':<16}{'MAE':>8}{'relMAE':>8}{'vs snaive':>10}{'h=1':>8}{'h=6':>8}{'h=12':>8}{'h=24':>8}{'train s':>9}")
        for m in order:
            r = result["models"][m][sp]
            st = {x["step"]: x["mae"] for x in r["by_step"]}
            print(f"{m:<16}{r['mae']:8.2f}{r['rel_mae_naive']:8.3f}{r['rel_mae_seasonal_naive']:10.3f}"
                  f"{st[1]:8.2f}{st[6]:8.2f}{st[12]:8.2f}{st[24]:8.2f}{result['models'][m]['train_s']:9.0f}")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Driver of bench/compare (run that script: it builds and installs what this needs).

Starts every contender as a long-lived server (bench/Kernel.Bench and bench/Kernel.Bench.TorchSharp with --serve,
bench/peers/pytorch_bench.py --serve; protocol in bench/Kernel.Bench.Harness/WorkloadServer.cs), then:
1. check: every workload once on fixed inputs in every contender; each peer's result vectors must agree with Kernel's
   to a relative tolerance (max |peer - kernel| <= tolerance * max |kernel| per vector: 1e-9 in fp64, 1e-4 in fp32;
   see compare_values for optimiser steps);
2. time: rounds; in each round every workload is timed in every contender that serves it, back to back in a shuffled
   order, so drift of the shared machine hits all contenders alike; a contender's figure is the median of its round
   medians;
3. prints one Markdown table (workload, precision, threads, medians, ratios, Kernel allocations, check) and the
   DESIGN.md performance targets met or missed, and optionally writes them (--markdown) and the raw numbers (--json).
"""

import argparse
import json
import os
import random
import re
import select
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOTNET_OUTPUT = "bin/Release/net10.0"
CONTENDERS = {
    "Kernel": ["dotnet", os.path.join(ROOT, "bench/Kernel.Bench", DOTNET_OUTPUT, "Kernel.Bench.dll"), "--serve"],
    "TorchSharp": ["dotnet", os.path.join(ROOT, "bench/Kernel.Bench.TorchSharp", DOTNET_OUTPUT, "Kernel.Bench.TorchSharp.dll"), "--serve"],
    "PyTorch": ["/usr/bin/python3", os.path.join(ROOT, "bench/peers/pytorch_bench.py"), "--serve"],
}
PEERS = ["TorchSharp", "PyTorch"]
TOLERANCE = {"fp32": 1e-4, "fp64": 1e-9}
ANSWER_TIMEOUT_SECONDS = 600

# Table order by kind (a workload's kind is the first word of its name).
KIND_ORDER = ["fma", "gemm", "tanh", "mlp", "ppo", "gradient", "fvp", "cg", "env"]


def kind_of(name):
    if name.startswith("Pendulum") or "VectorEnv" in name or "step" in name.split():
        return "env"
    for kind in KIND_ORDER:
        if name.startswith(kind):
            return kind
    return "other"


class Contender:
    """One server process and its request/answer line protocol."""

    def __init__(self, name, command):
        self.name = name
        self.log = tempfile.TemporaryFile(mode="w+")
        environment = dict(os.environ)
        if name == "PyTorch":
            # The workplace sets OPENBLAS_CORETYPE=Haswell, which confines OpenBLAS to AVX2 kernels (about 65 instead of
            # 90+ GFLOP/s fp32 per core here); let OpenBLAS pick the kernels for this CPU, as on a user's machine.
            environment.pop("OPENBLAS_CORETYPE", None)
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log,
                                        text=True, bufsize=1, env=environment, cwd=ROOT)
        self.workloads = set()
        self.info = ""

    def request(self, **message):
        self.process.stdin.write(json.dumps(message) + "\n")
        self.process.stdin.flush()
        deadline = time.monotonic() + ANSWER_TIMEOUT_SECONDS
        while True:
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([self.process.stdout], [], [], max(remaining, 0))
            if not ready:
                raise RuntimeError(f"{self.name} gave no answer to {message} within {ANSWER_TIMEOUT_SECONDS} s")
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError(f"{self.name} exited (status {self.process.poll()}): {self.stderr_tail()}")
            line = line.strip()
            if line.startswith("{"):  # anything else is a library's chatter on stdout
                answer = json.loads(line)
                if not answer.get("ok"):
                    raise RuntimeError(f"{self.name}: {answer.get('error')}")
                return answer

    def stderr_tail(self):
        self.log.seek(0)
        return " | ".join(self.log.read().strip().splitlines()[-5:])

    def close(self):
        if self.process.poll() is None:
            try:
                self.process.stdin.write(json.dumps({"cmd": "quit"}) + "\n")
                self.process.stdin.flush()
                self.process.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()


def start(names, log):
    contenders = {}
    for name in names:
        try:
            contender = Contender(name, CONTENDERS[name])
            contender.info = contender.request(cmd="info")["details"]
            for workload in contender.request(cmd="list")["workloads"]:
                contender.workloads.add((workload["name"], workload["precision"], workload["threads"]))
                if name == "Kernel":
                    Workload.metadata[(workload["name"], workload["precision"], workload["threads"])] = workload
            contenders[name] = contender
            log(f"{name}: {contender.info}; {len(contender.workloads)} workloads")
        except (OSError, RuntimeError) as error:
            if name == "Kernel":
                raise
            log(f"{name} left out: {error}")
    return contenders


class Workload:
    """Metadata (flops, bytes, ops per run) from Kernel's list, keyed by (name, precision, threads)."""

    metadata = {}


def ordered_keys(contenders, pattern):
    kernel_order = {}
    for index, key in enumerate(Workload.metadata):
        kernel_order.setdefault(key[0], index)
    keys = set()
    for contender in contenders.values():
        keys |= contender.workloads
    keys = [key for key in keys if key in contenders["Kernel"].workloads and re.search(pattern, key[0])]

    def sort_key(key):
        name, precision, threads = key
        kind = kind_of(name)
        return (KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER), kernel_order.get(name, 10**6), name, precision, threads)

    return sorted(keys, key=sort_key)


# Adam's settings in the PPO update workloads (bench/Kernel.Bench/Workloads/PpoUpdateWorkload.cs): lr 3e-4, eps 1e-5.
PPO_ADAM_LR, PPO_ADAM_EPS = 3e-4, 1e-5


def adam_step_sensitivity(gradient):
    """|d step / d g| of Adam's first step, lr g / (|g| + eps), per element of the clipped gradient.

    It peaks at lr / eps (30) where |g| << eps: there the step is fixed by g only to the gradient's own tolerance, so a
    gradient that agrees within its tolerance (a 64-term sum rounded in another order) moves the step by up to this
    factor times that difference. Measured on the Humanoid networks in fp32: an element with g = -1.87e-6 differs by
    2.2e-9 between Kernel and PyTorch, and its step by 4.6e-8 (21 times), while the step's base tolerance is 3e-8.
    """
    return [PPO_ADAM_LR * PPO_ADAM_EPS / (abs(g) + PPO_ADAM_EPS) ** 2 for g in gradient]


def compare_values(kernel, peer, precision, workload=""):
    """(worst error as a share of the allowed error, vector name); inf when a vector is missing or has another length.

    A vector may differ by TOLERANCE[precision] * max |Kernel's vector|. A "step X" vector (a parameter after an
    optimiser step minus before) may differ by one more term, 4 units of roundoff of max |param X|: the parameter
    after the step is rounded to its precision, which quantises the step on that scale. CG's iterate "x" may differ
    by ten times the base tolerance: its ten iterations compound the rounding differences of ten Fisher-vector
    products computed in another order (measured in fp32: 1.03e-4 of max |x| between Kernel and PyTorch, 0.8e-4
    with TorchSharp, while the single product agrees to 3e-6; fp64: 4e-11). A PPO update's step may also differ by
    Adam's sensitivity to its gradient times the gradient's allowed difference (adam_step_sensitivity), element by
    element.
    """
    tolerance = TOLERANCE.get(precision, 1e-4)
    roundoff = {"fp32": 2.0**-24, "fp64": 2.0**-53}.get(precision, 2.0**-24)
    worst, where = 0.0, ""
    for name, reference in kernel.items():
        values = peer.get(name)
        if values is None or len(values) != len(reference):
            return float("inf"), f"{name} missing or of another length"
        allowed = tolerance * max((abs(v) for v in reference), default=0.0) * (10 if name == "x" else 1)
        if name.startswith("step ") and "param " + name[5:] in kernel:
            allowed += 4 * roundoff * max(abs(v) for v in kernel["param " + name[5:]])
        per_element = [allowed] * len(reference)
        gradient = kernel.get("grad " + name[5:]) if name.startswith("step ") and workload.startswith("ppo update") else None
        if gradient is not None:
            gradient_allowed = tolerance * max((abs(g) for g in gradient), default=0.0)
            per_element = [allowed + s * gradient_allowed for s in adam_step_sensitivity(gradient)]
        share = 0.0
        for a, b, limit in zip(values, reference, per_element):
            error = abs(a - b)
            element_share = error / limit if limit > 0 else (0.0 if error == 0 else float("inf"))
            if not element_share <= share:  # NaN counts as worst
                share = element_share
        if not share <= worst:  # NaN counts as worst
            worst, where = share, name
    return worst, where


def check(contenders, keys, log):
    results = {}
    for key in keys:
        name, precision, threads = key
        try:
            kernel = contenders["Kernel"].request(cmd="check", name=name, precision=precision, threads=threads)["values"]
        except RuntimeError as error:
            results[key] = {"Kernel": f"error: {error}"}
            continue
        outcome = {}
        for peer in PEERS:
            if peer not in contenders or key not in contenders[peer].workloads:
                continue
            try:
                values = contenders[peer].request(cmd="check", name=name, precision=precision, threads=threads)["values"]
                share, where = compare_values(kernel, values, precision, name)
                outcome[peer] = {"error": share, "where": where, "ok": share <= 1}
                if not share <= 1:
                    log(f"check FAILED: {peer} vs Kernel on {name} [{precision}, {threads}t]: {where} off by {share:.2f} times the tolerance")
            except RuntimeError as error:
                outcome[peer] = {"error": float("inf"), "where": str(error), "ok": False}
                log(f"check error: {peer} on {name}: {error}")
        results[key] = outcome
    return results


def time_all(contenders, keys, rounds, seconds, seed, log):
    samples = {key: {} for key in keys}
    for round_index in range(rounds):
        order = random.Random(seed + round_index)
        started = time.monotonic()
        for key in keys:
            serving = [name for name, contender in contenders.items() if key in contender.workloads]
            order.shuffle(serving)
            for name in serving:
                try:
                    answer = contenders[name].request(cmd="time", name=key[0], precision=key[1], threads=key[2], seconds=seconds)
                    samples[key].setdefault(name, []).append(answer)
                except RuntimeError as error:
                    log(f"timing error: {name} on {key}: {error}")
        log(f"round {round_index + 1}/{rounds} done in {time.monotonic() - started:.0f} s")
    return samples


def summarize(samples):
    summary = {}
    for key, by_contender in samples.items():
        summary[key] = {}
        for name, answers in by_contender.items():
            medians = [answer["median_ns"] for answer in answers]
            allocations = [answer["alloc_bytes"] for answer in answers if answer.get("alloc_bytes") is not None]
            median = statistics.median(medians)
            summary[key][name] = {
                "median_ns": median,
                "min_ns": min(answer["min_ns"] for answer in answers),
                "spread": (max(medians) - min(medians)) / median if median > 0 else 0.0,
                "rounds": len(medians),
                "alloc_bytes": max(allocations) if allocations else None,
            }
    return summary


def format_time(nanoseconds):
    if nanoseconds is None:
        return "—"
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if nanoseconds >= scale:
            return f"{nanoseconds / scale:.3g} {unit}"
    return f"{nanoseconds:.3g} ns"


def rate(key, nanoseconds):
    meta = Workload.metadata.get(key, {})
    if nanoseconds is None or nanoseconds <= 0:
        return ""
    if meta.get("flops"):
        return f"{meta['flops'] / nanoseconds:.1f} GFLOP/s"
    if meta.get("bytes"):
        return f"{meta['bytes'] / nanoseconds:.1f} GB/s"
    if kind_of(key[0]) == "env":
        return f"{1e9 / nanoseconds:,.0f} steps/s"
    return ""


def check_cell(outcome):
    if not outcome:
        return "—"
    if isinstance(outcome, str):
        return outcome
    cells = []
    for peer, result in outcome.items():
        status = "ok" if result["ok"] else "FAIL"
        error = result["error"]
        cells.append(f"{status} {peer[0]} {error:.2f}" if error != float("inf") else f"{status} {peer[0]} ({result['where']})")
    return ", ".join(cells)


def table(keys, summary, checks, peers):
    header = ["workload", "prec", "thr", "Kernel", *peers, *[f"{p}/Kernel" for p in peers], "Kernel rate", "Kernel alloc B/op", "check"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for key in keys:
        row = summary.get(key, {})
        kernel = row.get("Kernel", {}).get("median_ns")
        spread = row.get("Kernel", {}).get("spread")
        cells = [key[0], key[1], str(key[2]), format_time(kernel) + (f" ±{spread * 50:.0f}%" if spread else "")]
        for peer in peers:
            cells.append(format_time(row.get(peer, {}).get("median_ns")))
        for peer in peers:
            other = row.get(peer, {}).get("median_ns")
            cells.append(f"{other / kernel:.2f}x" if other and kernel else "—")
        cells.append(rate(key, kernel))
        allocation = row.get("Kernel", {}).get("alloc_bytes")
        cells.append("—" if allocation is None else f"{allocation:.0f}")
        cells.append(check_cell(checks.get(key)))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def ratio_to_faster_peer(summary, key, peers):
    row = summary.get(key, {})
    kernel = row.get("Kernel", {}).get("median_ns")
    peer_times = [row[p]["median_ns"] for p in peers if p in row]
    if not kernel or not peer_times:
        return None
    return min(peer_times) / kernel


def targets(summary, keys, peers):
    """The rows of DESIGN.md "Performance targets", each with the measured figures and met / missed."""
    served = {key[0] for key in keys}
    lines = ["| target | measured | verdict |", "|---|---|---|"]

    def speedup_target(label, name, precisions, minimum):
        figures, verdicts = [], []
        for precision in precisions:
            for threads in (1, 2):
                value = ratio_to_faster_peer(summary, (name, precision, threads), peers)
                if value is not None:
                    figures.append(f"{precision} {threads}t {value:.2f}x")
                    verdicts.append(value >= minimum)
        lines.append(f"| {label} | {'; '.join(figures) or 'not measured'} | {verdict(verdicts, name in served)} |")

    speedup_target("MLP 17-64-64-6 b64 fwd+bwd >= 5x the faster peer", "mlp 17-64-64-6 b64 fwd+bwd", ("fp32", "fp64"), 5)
    speedup_target("MLP 376-1024-1024-17 b64 fwd+bwd >= 1x the faster peer", "mlp 376-1024-1024-17 b64 fwd+bwd", ("fp32", "fp64"), 1)
    speedup_target("PPO minibatch update >= 10x the faster peer", "ppo update 17-64-64-6 b64", ("fp32", "fp64"), 10)
    speedup_target("PPO update of paper 000's Humanoid networks (policy 376-1024-1024-17, value 376-64-64-1, b64) >= 1.5x "
                   "the faster peer", "ppo update 376-1024-1024-17 b64", ("fp32", "fp64"), 1.5)
    for name in sorted({key[0] for key in keys if key[0].startswith("ppo update")}):
        figures, flags = [], []
        for threads in (1, 2):
            half = summary.get((name, "fp16", threads), {}).get("Kernel", {}).get("median_ns")
            single = summary.get((name, "fp32", threads), {}).get("Kernel", {}).get("median_ns")
            if half and single:
                figures.append(f"{threads}t {half / single:.2f}x")
                flags.append(half / single <= 1.5)
        lines.append(f"| {name}: fp16 costs <= 1.5x fp32 (Kernel's time in fp16 over its time in fp32) | "
                     f"{'; '.join(figures) or 'not measured'} | {verdict(flags, bool(flags))} |")
    gradient = summary.get(("gradient 17-64-64-6 b2048", "fp32", 1), {}).get("Kernel", {}).get("median_ns")
    fvp = summary.get(("fvp 17-64-64-6 b2048", "fp32", 1), {}).get("Kernel", {}).get("median_ns")
    if fvp and gradient:
        lines.append(f"| FVP <= 3x one gradient | fp32 1t {fvp / gradient:.2f}x | {verdict([fvp / gradient <= 3], True)} |")
    else:
        lines.append("| FVP <= 3x one gradient | not measured | no workload yet |")
    speedup_target("FVP >= 3x faster than peers", "fvp 17-64-64-6 b2048", ("fp32", "fp64"), 3)
    speedup_target("CG(10) >= 3x faster than peers", "cg(10) 17-64-64-6 b2048", ("fp32", "fp64"), 3)
    # Both are compute-bound, so the shared machine can only slow them down: compare their fastest batches (and show
    # the medians' ratio too).
    peak = summary.get(("fma peak", "fp32", 1), {}).get("Kernel", {})
    gemm = summary.get(("gemm 1024^3", "fp32", 1), {}).get("Kernel", {})
    if peak and gemm:
        peak_flops = Workload.metadata[("fma peak", "fp32", 1)]["flops"]
        peak_rate, gemm_rate = peak_flops / peak["min_ns"], 2 * 1024**3 / gemm["min_ns"]
        share = gemm_rate / peak_rate
        median_share = (2 * 1024**3 / gemm["median_ns"]) / (peak_flops / peak["median_ns"])
        lines.append(f"| GEMM 1024^3 fp32 one core >= 85% of measured peak | fastest batches {gemm_rate:.0f} of {peak_rate:.0f} GFLOP/s "
                     f"= {share:.0%} (medians: {median_share:.0%}) | {verdict([share >= 0.85], True)} |")
    else:
        lines.append("| GEMM 1024^3 fp32 one core >= 85% of measured peak | not measured | — |")
    speedup_target("tanh fwd+bwd 1e6 floats >= 4x the faster peer", "tanh fwd+bwd 1e6", ("fp32",), 4)
    allocations = []
    for key in keys:
        if key[0].startswith("ppo update") or key[0] == "fvp 17-64-64-6 b2048":
            allocation = summary.get(key, {}).get("Kernel", {}).get("alloc_bytes")
            if allocation is not None:
                allocations.append((key, allocation))
    figures = "; ".join(f"{key[0].split()[0]} {key[1]} {key[2]}t {value:.0f} B" for key, value in allocations)
    lines.append(f"| 0 managed bytes per PPO update / FVP after warm-up | {figures or 'not measured'} | "
                 f"{verdict([value == 0 for _, value in allocations], bool(allocations))} |")
    lines.append("| MuJoCo stepping overhead < 10% over a C loop of mj_step | not in this harness (MuJoCoStepBenchmarks) | — |")
    return "\n".join(lines)


def verdict(flags, served):
    if not served or not flags:
        return "no workload yet"
    if all(flags):
        return "met"
    return "missed" if not any(flags) else f"met in {sum(flags)} of {len(flags)}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="Run through bench/compare, which builds the contenders first.")
    parser.add_argument("--quick", action="store_true", help="smoke run: 1 round of 0.05 s samples")
    parser.add_argument("--rounds", type=int, help="rounds (default 5; 1 with --quick)")
    parser.add_argument("--seconds", type=float, help="timing budget per sample in seconds (default 0.3; 0.05 with --quick)")
    parser.add_argument("--filter", default="", help="regular expression on workload names (default: all)")
    parser.add_argument("--without", action="append", default=[], choices=PEERS, help="leave a peer out (repeatable)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the per-round contender order")
    parser.add_argument("--markdown", help="also write the table and the targets to this file")
    parser.add_argument("--json", help="also write every sample to this file")
    arguments = parser.parse_args()
    rounds = arguments.rounds or (1 if arguments.quick else 5)
    seconds = arguments.seconds or (0.05 if arguments.quick else 0.3)
    if rounds < 1 or not 0 < seconds <= 60:
        parser.error("--rounds must be >= 1 and --seconds in (0, 60]")

    def log(message):
        print(f"[compare] {message}", file=sys.stderr, flush=True)

    names = ["Kernel"] + [peer for peer in PEERS if peer not in arguments.without]
    contenders = start(names, log)
    try:
        keys = ordered_keys(contenders, arguments.filter)
        if not keys:
            log(f"no workload matches {arguments.filter!r}")
            return 1
        log(f"checking {len(keys)} workloads against Kernel's results")
        checks = check(contenders, keys, log)
        log(f"timing: {rounds} round(s), {seconds} s per sample")
        samples = time_all(contenders, keys, rounds, seconds, arguments.seed, log)
    finally:
        for contender in contenders.values():
            contender.close()

    summary = summarize(samples)
    peers = [peer for peer in PEERS if peer in contenders]
    machine = subprocess.run(["lscpu"], capture_output=True, text=True).stdout if os.path.exists("/usr/bin/lscpu") else ""
    model = next((line.split(":", 1)[1].strip() for line in machine.splitlines() if line.startswith("Model name")), "unknown CPU")
    text = "\n".join([
        f"Contenders: " + "; ".join(f"{name}: {contender.info}" for name, contender in contenders.items()),
        f"Machine: {model}, {os.cpu_count()} logical CPUs. {rounds} round(s), {seconds} s per sample; times are medians "
        "of round medians per operation (± half the spread of the Kernel round medians); peer/Kernel > 1 means Kernel is faster; "
        f"check: worst difference from Kernel's result as a share of the allowed difference (T = TorchSharp, P = PyTorch; "
        f"allowed: {TOLERANCE['fp32']:.0e} fp32, {TOLERANCE['fp64']:.0e} fp64 times the vector's largest magnitude; ok up to 1.00).",
        "",
        table(keys, summary, checks, peers),
        "",
        "Targets (DESIGN.md \"Performance targets\"; speedups are the faster peer's time over Kernel's):",
        "",
        targets(summary, keys, peers),
    ])
    print(text)
    if arguments.markdown:
        with open(arguments.markdown, "w") as handle:
            handle.write(text + "\n")
    if arguments.json:
        with open(arguments.json, "w") as handle:
            json.dump({"contenders": {name: c.info for name, c in contenders.items()},
                       "samples": [{"workload": k[0], "precision": k[1], "threads": k[2], "by_contender": v} for k, v in samples.items()],
                       "checks": [{"workload": k[0], "precision": k[1], "threads": k[2], "peers": v} for k, v in checks.items() if isinstance(v, dict)]},
                      handle, indent=1, default=str)
    failed = [key for key, outcome in checks.items() if isinstance(outcome, dict) and any(not r["ok"] for r in outcome.values())]
    if failed:
        log(f"{len(failed)} workload(s) disagree with Kernel's result: " + ", ".join(f"{k[0]} [{k[1]}, {k[2]}t]" for k in failed))
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

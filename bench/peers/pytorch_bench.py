#!/usr/bin/python3
"""The PyTorch peer of bench/compare: the workloads of bench/Kernel.Bench written the way an RL researcher writes
them in PyTorch (nn.Sequential, autograd, torch.distributions.Normal, clip_grad_norm_, torch.optim.Adam, as in
CleanRL's ppo_continuous_action.py), on the same fixed inputs.

Runs on Debian's python3-torch (1.13) with libopenblas0-openmp; /usr/bin/python3, since Debian's packages live
there and not in another interpreter on PATH. Usage: `pytorch_bench.py --serve` speaks the line protocol described in
bench/Kernel.Bench.Harness/WorkloadServer.cs (one JSON request per line on stdin, one answer per line on stdout).
"""

import json
import math
import os
import sys
import time

import numpy as np
import torch
from torch import nn
from torch.distributions import Normal, kl_divergence

PRECISIONS = {"fp32": torch.float32, "fp64": torch.float64}
THREAD_COUNTS = (1, 2)
TARGET_BATCH_SECONDS = 1e-3
MINIMUM_BATCHES = 3
MAXIMUM_BATCHES = 1 << 14


def fixed(count, stream, scale=1.0):
    """Element i of stream s: ((i * 7919 + s * 104729 + 13) mod 2003) / 1001 - 1, times scale (bench/Kernel.Bench.Harness/FixedInputs.cs)."""
    index = np.arange(count, dtype=np.int64)
    residue = (index * 7919 + stream * 104729 + 13) % 2003
    return (residue / 1001.0 - 1.0) * scale


def fixed_tensor(shape, stream, dtype, scale=1.0):
    return torch.from_numpy(fixed(math.prod(shape), stream, scale).reshape(shape)).to(dtype)


def tanh_mlp(widths):
    layers = []
    for i in range(len(widths) - 1):
        if i > 0:
            layers.append(nn.Tanh())
        layers.append(nn.Linear(widths[i], widths[i + 1]))
    return nn.Sequential(*layers)


def assign_fixed(network, first_stream, dtype):
    """Layer i: weight from stream first + 2i scaled by 1/sqrt(in), bias from stream first + 2i + 1 scaled by 0.1."""
    network.to(dtype)
    linears = [module for module in network if isinstance(module, nn.Linear)]
    with torch.no_grad():
        for i, layer in enumerate(linears):
            layer.weight.copy_(fixed_tensor(tuple(layer.weight.shape), first_stream + 2 * i, dtype, 1 / math.sqrt(layer.in_features)))
            layer.bias.copy_(fixed_tensor(tuple(layer.bias.shape), first_stream + 2 * i + 1, dtype, 0.1))


def as_list(tensor):
    return tensor.detach().double().reshape(-1).tolist()


def gradient_summary(values, name, gradient):
    """Row and column sums of a matrix gradient, a vector in full (bench/Kernel.Bench/Workloads/GradientSummary.cs)."""
    if gradient.dim() == 2:
        values[name + " rows"] = as_list(gradient.double().sum(1))
        values[name + " columns"] = as_list(gradient.double().sum(0))
    else:
        values[name] = as_list(gradient)


class Gemm:
    """C = op(A) op(B) into a preallocated C (torch.mm with out=); transposed operands are transposed views."""

    def __init__(self, shape, dtype):
        transpose_a, transpose_b, self.m, self.n, k = shape
        a = fixed_tensor((k, self.m) if transpose_a else (self.m, k), 1, dtype)
        b = fixed_tensor((self.n, k) if transpose_b else (k, self.n), 2, dtype)
        self.a = a.t() if transpose_a else a
        self.b = b.t() if transpose_b else b
        self.c = torch.empty(self.m, self.n, dtype=dtype)

    def run(self):
        torch.mm(self.a, self.b, out=self.c)

    def check(self):
        self.run()
        return {"c_row_sums": as_list(self.c.double().sum(1)), "c_column_sums": as_list(self.c.double().sum(0))}


class Tanh:
    """tanh forward and backward over 1e6 elements with autograd: y = tanh(x), y.sum().backward()."""

    LENGTH = 1_000_000
    STRIDE = 997

    def __init__(self, dtype):
        self.x = fixed_tensor((self.LENGTH,), 5, dtype, 3.0).requires_grad_()
        self.y = None

    def run(self):
        self.x.grad = None
        self.y = torch.tanh(self.x)
        self.y.sum().backward()

    def check(self):
        self.run()
        y, dx = self.y.detach(), self.x.grad
        return {"y_sample": as_list(y[::self.STRIDE]), "dx_sample": as_list(dx[::self.STRIDE]),
                "y_sum": [y.double().sum().item()], "dx_sum": [dx.double().sum().item()]}


class Mlp:
    """One forward and backward pass of a tanh MLP: loss = mean(mlp(x)^2), backward."""

    def __init__(self, widths, batch, dtype):
        self.network = tanh_mlp(widths)
        assign_fixed(self.network, 10, dtype)
        self.x = fixed_tensor((batch, widths[0]), 1, dtype)
        self.loss = None

    def run(self):
        self.network.zero_grad(set_to_none=True)
        self.loss = self.network(self.x).square().mean()
        self.loss.backward()

    def check(self):
        self.run()
        values = {"loss": [self.loss.item()]}
        for name, parameter in self.network.named_parameters():
            gradient_summary(values, name, parameter.grad)
        return values


class Agent(nn.Module):
    """CleanRL's continuous-action agent: separate policy-mean and value MLPs and a state-independent log_std."""

    def __init__(self, policy_widths, value_widths):
        super().__init__()
        self.policy = tanh_mlp(policy_widths)
        self.log_std = nn.Parameter(torch.zeros(policy_widths[-1]))
        self.value = tanh_mlp(value_widths)


class PpoUpdate:
    """One PPO minibatch update (bench/Kernel.Bench/Workloads/PpoUpdateWorkload.cs has the fixed inputs and settings)."""

    CLIP_EPSILON = 0.2
    VALUE_COEFFICIENT = 0.5
    MAX_GRAD_NORM = 0.5

    def __init__(self, shape, dtype):
        policy_widths, value_widths, batch = shape
        actions = policy_widths[-1]
        self.agent = Agent(policy_widths, value_widths)
        assign_fixed(self.agent.policy, 10, dtype)
        assign_fixed(self.agent.value, 20, dtype)
        self.agent.to(dtype)
        with torch.no_grad():
            self.agent.log_std.copy_(torch.from_numpy(0.2 * fixed(actions, 30) - 0.5).to(dtype))
        self.optimizer = torch.optim.Adam(self.agent.parameters(), lr=3e-4, eps=1e-5)
        self.observations = fixed_tensor((batch, policy_widths[0]), 1, dtype)
        self.actions = fixed_tensor((batch, actions), 2, dtype, 0.9)
        self.returns = fixed_tensor((batch,), 3, dtype)
        self.advantages = fixed_tensor((batch,), 4, dtype)
        with torch.no_grad():
            initial = self.log_prob().double()
        shift = torch.tensor([0.05 * (i % 13) - 0.3 for i in range(batch)], dtype=torch.float64)
        self.log_prob_old = (initial + shift).to(dtype)
        self.losses = None

    def log_prob(self):
        mean = self.agent.policy(self.observations)
        std = self.agent.log_std.exp().expand_as(mean)
        return Normal(mean, std).log_prob(self.actions).sum(1)

    def run(self):
        ratio = (self.log_prob() - self.log_prob_old).exp()
        surrogate = ratio * self.advantages
        surrogate_clipped = torch.clamp(ratio, 1 - self.CLIP_EPSILON, 1 + self.CLIP_EPSILON) * self.advantages
        policy_loss = -torch.min(surrogate, surrogate_clipped).mean()
        values = self.agent.value(self.observations).view(-1)
        value_loss = 0.5 * ((values - self.returns) ** 2).mean()
        loss = policy_loss + self.VALUE_COEFFICIENT * value_loss
        self.optimizer.zero_grad()
        loss.backward()
        grad_norm = nn.utils.clip_grad_norm_(self.agent.parameters(), self.MAX_GRAD_NORM)
        self.optimizer.step()
        self.losses = (loss, policy_loss, value_loss, grad_norm)

    def check(self):
        before = {name: parameter.detach().double().clone() for name, parameter in self.agent.named_parameters()}
        self.run()
        loss, policy_loss, value_loss, grad_norm = self.losses
        values = {"loss": [loss.item()], "policy_loss": [policy_loss.item()], "value_loss": [value_loss.item()],
                  "grad_norm": [grad_norm.item()]}
        for name, parameter in self.agent.named_parameters():
            values["grad " + name] = as_list(parameter.grad)
            values["step " + name] = as_list(parameter.detach().double() - before[name])
            values["param " + name] = as_list(parameter)
        return values


class GaussianPolicy(nn.Module):
    """The second-order workloads' policy (bench/Kernel.Bench/Workloads/FixedGaussianPolicy.cs): tanh MLP 17-64-64-6
    from streams 10.., log_std = 0.2 v - 0.5 from stream 30, batch 2048 (observations stream 1, actions stream 2 times
    0.9, advantages stream 4), the old policy equal to the current one, v from stream 40 over the flat parameters."""

    BATCH = 2048
    DAMPING = 0.1

    def __init__(self, dtype):
        super().__init__()
        self.policy = tanh_mlp([17, 64, 64, 6])
        assign_fixed(self.policy, 10, dtype)
        self.log_std = nn.Parameter(torch.from_numpy(0.2 * fixed(6, 30) - 0.5).to(dtype))
        self.observations = fixed_tensor((self.BATCH, 17), 1, dtype)
        self.actions = fixed_tensor((self.BATCH, 6), 2, dtype, 0.9)
        self.advantages = fixed_tensor((self.BATCH,), 4, dtype)
        # The flat vector's order: the network's parameters, then log_std (Module.parameters() would put log_std first).
        self.params = [*self.policy.parameters(), self.log_std]
        count = sum(p.numel() for p in self.params)
        self.vector = torch.from_numpy(fixed(count, 40)).to(dtype)
        with torch.no_grad():
            self.old = self.distribution()

    def distribution(self):
        mean = self.policy(self.observations)
        return Normal(mean, self.log_std.exp().expand_as(mean))

    def fisher_vector_product(self, vector):
        """(F + damping I) v by double backward of the mean KL, as TRPO implementations write it."""
        kl = kl_divergence(self.old, self.distribution()).sum(1).mean()
        grads = torch.autograd.grad(kl, self.params, create_graph=True)
        flat = torch.cat([g.reshape(-1) for g in grads])
        product = torch.autograd.grad((flat * vector).sum(), self.params)
        return torch.cat([g.reshape(-1) for g in product]) + self.DAMPING * vector


class PolicyGradient:
    """loss = -mean(log pi(a|s) A), backward (bench/Kernel.Bench/Workloads/PolicyGradientWorkload.cs)."""

    def __init__(self, dtype):
        self.model = GaussianPolicy(dtype)
        self.loss = None

    def run(self):
        self.model.zero_grad(set_to_none=True)
        log_prob = self.model.distribution().log_prob(self.model.actions).sum(1)
        self.loss = -(log_prob * self.model.advantages).mean()
        self.loss.backward()

    def check(self):
        self.run()
        values = {"loss": [self.loss.item()]}
        for name, parameter in self.model.named_parameters():
            gradient_summary(values, name, parameter.grad)
        return values


class FisherVectorProduct:
    """(F + 0.1 I) v (bench/Kernel.Bench/Workloads/FisherVectorProductWorkload.cs)."""

    def __init__(self, dtype):
        self.model = GaussianPolicy(dtype)
        self.result = None

    def run(self):
        self.result = self.model.fisher_vector_product(self.model.vector)

    def check(self):
        self.run()
        return {"fvp": as_list(self.result)}


class ConjugateGradient:
    """CG(10) for (F + 0.1 I) x = v from x = 0, every iteration run (bench/Kernel.Bench/Workloads/ConjugateGradientWorkload.cs)."""

    ITERATIONS = 10

    def __init__(self, dtype):
        self.model = GaussianPolicy(dtype)
        self.x = None

    def run(self):
        b = self.model.vector
        x = torch.zeros_like(b)
        r = b.clone()
        p = b.clone()
        rr = r.dot(r)
        for _ in range(self.ITERATIONS):
            product = self.model.fisher_vector_product(p)
            alpha = rr / p.dot(product)
            x += alpha * p
            r -= alpha * product
            rr_next = r.dot(r)
            p = r + (rr_next / rr) * p
            rr = rr_next
        self.x = x

    def check(self):
        self.run()
        return {"x": as_list(self.x)}


def gemm_name(shape):
    """The name of bench/Kernel.Bench/Workloads/GemmShape.cs: "gemm 1024^3" or "gemm 64x17 @ (64x17)^T"."""
    transpose_a, transpose_b, m, n, k = shape
    if not transpose_a and not transpose_b and m == n == k:
        return f"gemm {m}^3"

    def operand(transposed, rows, columns):
        return f"({columns}x{rows})^T" if transposed else f"{rows}x{columns}"

    return f"gemm {operand(transpose_a, m, k)} @ {operand(transpose_b, k, n)}"


GEMM_SHAPES = [
    (False, False, 64, 64, 64), (False, False, 256, 256, 256), (False, False, 1024, 1024, 1024),
    (False, False, 64, 64, 17), (False, False, 2048, 64, 64),
    (False, True, 64, 64, 17), (False, True, 2048, 64, 64),
    (True, False, 64, 17, 64), (True, False, 64, 64, 2048),
]
MLP_SHAPES = [([17, 64, 64, 6], 64), ([17, 64, 64, 6], 2048), ([376, 1024, 1024, 17], 64)]
# (policy widths, value widths, batch): bench/Kernel.Bench.Harness/PpoShape.cs.
PPO_SHAPES = [([17, 64, 64, 6], [17, 64, 64, 1], 64), ([376, 1024, 1024, 17], [376, 64, 64, 1], 64)]


def workloads():
    """(name, precision, threads) -> factory, the same keys as bench/Kernel.Bench/Workloads/KernelWorkloads.cs."""
    table = {}
    for precision, dtype in PRECISIONS.items():
        for threads in THREAD_COUNTS:
            for shape in GEMM_SHAPES:
                table[(gemm_name(shape), precision, threads)] = lambda shape=shape, dtype=dtype: Gemm(shape, dtype)
            table[("tanh fwd+bwd 1e6", precision, threads)] = lambda dtype=dtype: Tanh(dtype)
            for widths, batch in MLP_SHAPES:
                name = f"mlp {'-'.join(map(str, widths))} b{batch} fwd+bwd"
                table[(name, precision, threads)] = lambda widths=widths, batch=batch, dtype=dtype: Mlp(widths, batch, dtype)
            for shape in PPO_SHAPES:
                name = f"ppo update {'-'.join(map(str, shape[0]))} b{shape[2]}"
                table[(name, precision, threads)] = lambda shape=shape, dtype=dtype: PpoUpdate(shape, dtype)
            table[("gradient 17-64-64-6 b2048", precision, threads)] = lambda dtype=dtype: PolicyGradient(dtype)
            table[("fvp 17-64-64-6 b2048", precision, threads)] = lambda dtype=dtype: FisherVectorProduct(dtype)
            table[("cg(10) 17-64-64-6 b2048", precision, threads)] = lambda dtype=dtype: ConjugateGradient(dtype)
    return table


def measure(workload, seconds):
    """bench/Kernel.Bench.Harness/OperationTimer.cs: warm-up, ~1 ms batches, median time per operation."""
    start = time.perf_counter()
    warm_runs = 0
    while warm_runs < 2 or time.perf_counter() - start < seconds / 10:
        workload.run()
        warm_runs += 1
    seconds_per_run = (time.perf_counter() - start) / warm_runs
    runs_per_batch = int(min(max(math.ceil(TARGET_BATCH_SECONDS / seconds_per_run), 1), 1_000_000))
    per_operation = []
    timed_start = time.perf_counter()
    while len(per_operation) < MAXIMUM_BATCHES and (len(per_operation) < MINIMUM_BATCHES or time.perf_counter() - timed_start < seconds):
        batch_start = time.perf_counter_ns()
        for _ in range(runs_per_batch):
            workload.run()
        per_operation.append((time.perf_counter_ns() - batch_start) / runs_per_batch)
    per_operation.sort()
    count = len(per_operation)
    median = per_operation[count // 2] if count % 2 else (per_operation[count // 2 - 1] + per_operation[count // 2]) / 2
    return {"median_ns": median, "min_ns": per_operation[0], "operations": count * runs_per_batch, "alloc_bytes": None}


def details():
    blas = os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3")
    core_type = os.environ.get("OPENBLAS_CORETYPE", "detected")
    return f"PyTorch {torch.__version__}, BLAS {blas} (OPENBLAS_CORETYPE {core_type}), {torch.get_num_interop_threads()} interop threads"


def serve(stdin, stdout):
    table = workloads()
    live = {}
    for line in stdin:
        if not line.strip():
            continue
        command = None
        try:
            request = json.loads(line)
            command = request.get("cmd")
            if command == "quit":
                answer = {}
            elif command == "info":
                answer = {"contender": "PyTorch", "details": details()}
            elif command == "list":
                answer = {"workloads": [{"name": n, "precision": p, "threads": t} for (n, p, t) in table]}
            elif command in ("check", "time"):
                key = (request["name"], request["precision"], request["threads"])
                if key not in table:
                    raise KeyError(f"PyTorch serves no workload {key}")
                torch.set_num_threads(key[2])
                if command == "check":
                    answer = {"values": table[key]().check()}
                else:
                    if key not in live:
                        live[key] = table[key]()
                    answer = measure(live[key], float(request["seconds"]))
            else:
                raise ValueError(f"unknown command {command!r}; known: info, list, check, time, quit")
            answer["ok"] = True
        except Exception as error:  # the driver reports it and goes on
            answer = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        stdout.write(json.dumps(answer) + "\n")
        stdout.flush()
        if command == "quit":
            return


if __name__ == "__main__":
    if sys.argv[1:] != ["--serve"]:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    serve(sys.stdin, sys.stdout)

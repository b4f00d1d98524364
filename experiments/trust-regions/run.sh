#!/usr/bin/env bash
# Seed paper 001 section 5.4 on Pendulum-v1: does TRPO hold its mean-KL trust region while the max KL escapes it, and
# does PPO-M's clipping keep the ratios inside [1 - eps, 1 + eps]? TRPO (004 Table 2 defaults, tanh-squashed as in 004
# appendix A), TRPO with paper 000's clipped Gaussian (log-prob at the clipped action), PPO-M and PPO, 3 seeds each,
# 500k steps in fp32. Each run is its own `kernel train` process; runs go in parallel.
#
# usage: run.sh OUT_DIR [STEPS] [JOBS] [KERNEL]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: run.sh OUT_DIR [STEPS] [JOBS] [KERNEL]}"
steps="${2:-500000}"
jobs="${3:-$(nproc)}"
kernel="${4:-}"
if [ -z "$kernel" ]; then
  dotnet build "$here/../../src/Cli" -c Release -v quiet -nologo >/dev/null
  kernel="dotnet $here/../../src/Cli/bin/Release/net10.0/kernel.dll"
fi

variants=(
  "trpo|--algo trpo"
  "trpo-clipped-gaussian|--algo trpo --squash false"
  "ppo-m|--algo ppo-m"
  "ppo|--algo ppo"
)

mkdir -p "$out"
list="$out/runs.txt"
: > "$list"
for variant in "${variants[@]}"; do
  for seed in 1 2 3; do
    echo "${variant%%|*}|$seed|${variant#*|}" >> "$list"
  done
done

run_one() {
  IFS='|' read -r name seed flags <<< "$1"
  # One GEMM thread per run: the runs themselves fill the cores.
  # shellcheck disable=SC2086
  DOTNET_PROCESSOR_COUNT=1 $kernel train --env Pendulum-v1 --precision fp32 --steps "$steps" --seed "$seed" \
    --checkpoint-every 0 $flags --out "$out/$name-seed$seed" > "$out/$name-seed$seed.log" 2>&1 \
    || echo "$name-seed$seed exited with $? (3: exploded; see its numerics.json)" >> "$out/exits.txt"
}
export -f run_one
export out steps kernel
xargs -P "$jobs" -I{} bash -c 'run_one "$@"' _ {} < "$list"

runs=()
for v in trpo ppo-m ppo; do for s in 1 2 3; do runs+=("$out/$v-seed$s"); done; done
for metric in kl_mean kl_max; do
  $kernel plot --compare "$metric" --log-y --out "$out/$metric.png" "${runs[@]}" > /dev/null
done
for metric in ratio_log10_max return_mean; do
  $kernel plot --compare "$metric" --out "$out/$metric.png" "${runs[@]}" > /dev/null
done
python3 "$here/summarize.py" "$out"

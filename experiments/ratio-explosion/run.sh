#!/usr/bin/env bash
# The deliberate failure of seed paper 000 (section 4, appendix A.2): a policy mean shifted by c = 100 out of the
# action box, a [1024, 1024] tanh policy, 10 epochs of minibatch 64 at lr 1e-4, Table 3/4's other settings, on the
# widest-action env we have. Runs every variant x precision x seed as its own `kernel train` process, in parallel.
#
# usage: run.sh OUT_DIR [UPDATES] [JOBS] [PRECISIONS] [KERNEL]
#   UPDATES     updates per run (1000 env steps each; default 10)
#   JOBS        runs in parallel (default: the core count); each run's GEMM is kept to one thread
#   PRECISIONS  space-separated subset of "fp16 fp32 fp64" (default all three)
#   KERNEL      the kernel command (default: dotnet run of src/Cli, built once first)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: run.sh OUT_DIR [UPDATES] [JOBS] [PRECISIONS] [KERNEL]}"
updates="${2:-10}"
jobs="${3:-$(nproc)}"
precisions="${4:-fp16 fp32 fp64}"
kernel="${5:-}"
if [ -z "$kernel" ]; then
  dotnet build "$here/../../src/Cli" -c Release -v quiet -nologo >/dev/null
  kernel="dotnet $here/../../src/Cli/bin/Release/net10.0/kernel.dll"
fi
env_id=DoublePendulum-v0   # 2 torques: the widest action box until Humanoid-v4 (17) lands with the MuJoCo issue
horizon=1000               # 000 Table 3: horizon 1000; one env copy, one episode per update

# 000 Tables 3 and 4: gamma 0.99, lambda 0.95, Adam lr 1e-4, clip 0.2, KL coefficient b = 0.01, no advantage
# normalisation, policy [1024, 1024] tanh, value [64, 64], l2 gradient clipping 1.0; A.2: Sigma = I, c = 100.
# Not in the tables, so the plain PPO of their reference implementation (SB3): no observation or reward
# normalisation, no value clipping, constant learning rate, no entropy bonus.
common=(--env "$env_id" --envs 1 --rollout-steps "$horizon" --steps "$((updates * horizon))"
  --gamma 0.99 --gae-lambda 0.95 --learning-rate 1e-4 --anneal-lr false --clip-epsilon 0.2 --kl-beta 0.01
  --normalize-advantages false --policy-hidden 1024,1024 --value-hidden 64,64 --activation tanh
  --max-grad-norm 1 --initial-std 1 --mean-shift 100 --normalize-observations false --scale-rewards false
  --clip-value-loss false --entropy-coefficient 0 --checkpoint-every 0)
ppo_loop=(--epochs 10 --minibatch-size 64)
# Table 4's vanilla policy gradient: one gradient step per batch.
vpg_loop=(--epochs 1 --minibatch-size "$horizon")

variants=(
  "ppo|--algo ppo ${ppo_loop[*]}"
  "ppo-kl|--algo ppo-kl ${ppo_loop[*]}"
  "ppo-noclip|--algo ppo-noclip ${ppo_loop[*]}"
  "vpg|--algo vpg ${vpg_loop[*]}"
  "cpg|--algo cpg ${ppo_loop[*]}"
  "ppo-mean-clip|--algo ppo --mean-transform clip ${ppo_loop[*]}"
  "ppo-mean-tanh|--algo ppo --mean-transform tanh ${ppo_loop[*]}"
)

mkdir -p "$out"
list="$out/runs.txt"
: > "$list"
for precision in $precisions; do
  for variant in "${variants[@]}"; do
    for seed in 1 2 3 4 5; do
      echo "${variant%%|*}|$precision|$seed|${variant#*|}" >> "$list"
    done
  done
done

run_one() {
  IFS='|' read -r name precision seed flags <<< "$1"
  dir="$out/$name/$precision/seed$seed"
  mkdir -p "$dir"
  # shellcheck disable=SC2086 # flags are words on purpose
  DOTNET_PROCESSOR_COUNT=1 $kernel train "${common[@]}" $flags --precision "$precision" --seed "$seed" --out "$dir" \
    > "$dir/stdout.txt" 2> "$dir/stderr.txt"
  echo "$name $precision seed $seed: exit $?"
}
export -f run_one
export out kernel
export common_string="${common[*]}"
# xargs cannot pass bash arrays: re-split the common flags inside each job.
xargs -P "$jobs" -I{} bash -c 'common=($common_string); run_one "$1" || true' _ {} < "$list"
echo "runs in $out; summarise with: python3 $here/summarize.py $out"

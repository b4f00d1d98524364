#!/usr/bin/env bash
# Builds the plain C loop and steps the models Kernel compiles for Hopper-v4 and Humanoid-v4, single and 8 copies,
# for comparison with bench/Kernel.Bench/MuJoCoStepBenchmarks.cs (the binding's overhead = C# time per env step
# over this loop's, minus one). The MJCF comes from `kernel envs info --mjcf`, so both run the same model.
# Needs libmujoco-dev (headers, -lmujoco) and gcc. Usage: bench/mujoco-c-loop/run.sh [ENV_STEPS] [THREADS]
set -euo pipefail
cd "$(dirname "$0")/../.."
steps=${1:-20000}
threads=${2:-$(nproc)}
out=bench/mujoco-c-loop/bin  # ignored by git
mkdir -p "$out"
gcc -O2 -march=native -o "$out/mujoco_c_loop" bench/mujoco-c-loop/mujoco_c_loop.c -lmujoco -lpthread -lm
dotnet build src/Cli -c Release -v quiet -nologo >/dev/null
for env in Hopper-v4 Humanoid-v4; do
  json=$(dotnet src/Cli/bin/Release/net10.0/kernel.dll envs info --env "$env" --mjcf "$out/$env.xml")
  frame_skip=$(printf '%s\n' "$json" | sed -n 's/^  "frame_skip": \([0-9]*\),$/\1/p')
  "$out/mujoco_c_loop" "$out/$env.xml" "$frame_skip" "$steps" 1 1
  copy_threads=$(( threads < 8 ? threads : 8 ))
  "$out/mujoco_c_loop" "$out/$env.xml" "$frame_skip" "$(( steps / 8 ))" 8 "$copy_threads"
done

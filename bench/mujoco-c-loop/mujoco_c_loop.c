// The baseline for the binding's overhead: steps a compiled MuJoCo model the way Kernel's MuJoCoEnv does per env
// step (ctrl = action; frame_skip x mj_step; one mj_rnePostConstraint; mj_resetData + mj_forward every 1000 env
// steps, the episode length), in a plain C loop with no managed code in between. The actions follow the same
// deterministic sweep as bench/Kernel.Bench/MuJoCoStepBenchmarks.cs, so both run the same trajectories.
//
// usage: mujoco_c_loop MODEL.xml FRAME_SKIP ENV_STEPS [COPIES [THREADS]]
//   COPIES datas of one shared model (default 1), stepped by THREADS pthreads (default 1), each owning a fixed
//   contiguous block of copies (as VectorEnv). Prints env steps per second over all copies.
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <mujoco/mujoco.h>

enum { EPISODE = 1000, WARMUP = 200 };

typedef struct {
  const mjModel* model;
  mjData** datas;
  int first, last;
  long steps;
  int frame_skip;
  const double* actions;
} Block;

static void env_step(const mjModel* m, mjData* d, const double* action, int frame_skip) {
  for (int i = 0; i < m->nu; i++) d->ctrl[i] = action[i];
  for (int k = 0; k < frame_skip; k++) mj_step(m, d);
  mj_rnePostConstraint(m, d);
}

static void* run_block(void* argument) {
  Block* block = (Block*)argument;
  const mjModel* m = block->model;
  for (long t = 0; t < block->steps; t++) {
    int row = (int)(t % EPISODE);
    for (int c = block->first; c < block->last; c++) {
      if (row == 0) {
        mj_resetData(m, block->datas[c]);
        mj_forward(m, block->datas[c]);
      }
      env_step(m, block->datas[c], block->actions + (long)row * m->nu, block->frame_skip);
    }
  }
  return NULL;
}

static double seconds(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec + now.tv_nsec * 1e-9;
}

int main(int argc, char** argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s MODEL.xml FRAME_SKIP ENV_STEPS [COPIES [THREADS]]\n", argv[0]);
    return 2;
  }
  int frame_skip = atoi(argv[2]);
  long steps = atol(argv[3]);
  int copies = argc > 4 ? atoi(argv[4]) : 1;
  int threads = argc > 5 ? atoi(argv[5]) : 1;
  if (frame_skip < 1 || steps < 1 || copies < 1 || threads < 1 || threads > copies) {
    fprintf(stderr, "need FRAME_SKIP >= 1, ENV_STEPS >= 1, COPIES >= 1 and 1 <= THREADS <= COPIES\n");
    return 2;
  }

  char error[1000] = "";
  mjModel* m = mj_loadXML(argv[1], NULL, error, sizeof error);
  if (!m) {
    fprintf(stderr, "%s: %s\n", argv[1], error);
    return 1;
  }

  // a[t][k] = low + (high - low) (1 + sin(0.1 t + 1.3 k)) / 2, as MuJoCoStepBenchmarks.Sweep.
  double* actions = malloc(sizeof(double) * EPISODE * (m->nu > 0 ? m->nu : 1));
  for (int t = 0; t < EPISODE; t++) {
    for (int k = 0; k < m->nu; k++) {
      double low = m->actuator_ctrlrange[2 * k], high = m->actuator_ctrlrange[2 * k + 1];
      actions[t * m->nu + k] = low + (high - low) * (0.5 + 0.5 * sin(0.1 * t + 1.3 * k));
    }
  }

  mjData** datas = malloc(sizeof(mjData*) * copies);
  for (int c = 0; c < copies; c++) datas[c] = mj_makeData(m);
  Block* blocks = malloc(sizeof(Block) * threads);
  pthread_t* handles = malloc(sizeof(pthread_t) * threads);
  for (int pass = 0; pass < 2; pass++) {  // pass 0 warms up caches and the allocator
    long pass_steps = pass == 0 ? WARMUP : steps;
    double start = seconds();
    for (int w = 0; w < threads; w++) {
      blocks[w] = (Block){m, datas, (int)((long)copies * w / threads), (int)((long)copies * (w + 1) / threads), pass_steps, frame_skip, actions};
      if (w > 0) pthread_create(&handles[w], NULL, run_block, &blocks[w]);
    }
    run_block(&blocks[0]);
    for (int w = 1; w < threads; w++) pthread_join(handles[w], NULL);
    double elapsed = seconds() - start;
    if (pass == 1) {
      double rate = (double)steps * copies / elapsed;
      printf("%s: frame_skip %d, %d copies on %d threads: %.0f env steps/s (%.2f us per env step, %.3f s)\n",
             argv[1], frame_skip, copies, threads, rate, 1e6 / rate, elapsed);
    }
  }

  for (int c = 0; c < copies; c++) mj_deleteData(datas[c]);
  mj_deleteModel(m);
  free(actions);
  free(datas);
  free(blocks);
  free(handles);
  return 0;
}

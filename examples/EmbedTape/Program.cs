// Embedding the tape in a host's control loop: each step records a small policy (a tanh layer and a linear head),
// differentiates a loss, updates the weights in place and resets the tape. After a warm-up the loop allocates nothing
// on the managed heap, which this program measures and asserts.
using Kernel.Autodiff;
using Kernel.Autodiff.Ops;

const int Inputs = 4, Hidden = 16, Steps = 2000;
var tape = new Tape<float>();
var random = new Random(1);
float[] Init(int n, float scale) => Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2) - 1) * scale).ToArray();
Tensor<float> w1 = tape.Parameter(Shape.Matrix(Hidden, Inputs), Init(Hidden * Inputs, 0.5f), "w1");
Tensor<float> w2 = tape.Parameter(Shape.Vector(Hidden), Init(Hidden, 0.5f), "w2");
float[] observation = new float[Inputs];
float[] gradient1 = new float[Hidden * Inputs];
float[] gradient2 = new float[Hidden];

float Step(int t)
{
    // The host writes its state; the tape reads it as a constant of the step.
    for (int i = 0; i < Inputs; i++)
    {
        observation[i] = MathF.Sin((0.01f * t) + i);
    }

    Tensor<float> x = tape.Constant(Shape.Vector(Inputs), observation);
    Tensor<float> value = w1.MatMul(x).Tanh().Dot(w2);                    // matrix x vector, as torch.matmul
    Tensor<float> target = tape.Scalar(MathF.Cos(0.01f * t));
    Tensor<float> loss = value.Subtract(target).Square();
    tape.ZeroGrad();
    tape.Backward(loss);
    tape.AccumulatedGradient(w1).CopyTo(gradient1);
    tape.AccumulatedGradient(w2).CopyTo(gradient2);
    float lossValue = loss.Item();
    Sgd(w1, gradient1);
    Sgd(w2, gradient2);
    tape.Reset();                                                           // keeps the memory for the next step
    return lossValue;
}

static void Sgd(Tensor<float> parameter, float[] gradient)
{
    Span<float> values = parameter.LeafValues;
    for (int i = 0; i < values.Length; i++)
    {
        values[i] -= 0.05f * gradient[i];
    }
}

float first = 0;
for (int t = 0; t < 50; t++)
{
    float l = Step(t);
    first = t == 0 ? l : first;
}

long before = GC.GetAllocatedBytesForCurrentThread();
float last = 0;
for (int t = 50; t < Steps; t++)
{
    last = Step(t);
}

long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
Console.WriteLine($"steps {Steps - 50}, allocated {allocated} bytes, loss {first:G3} -> {last:G3}");
if (allocated != 0 || !(last < first))
{
    Console.WriteLine("FAIL: a step allocated or the loss did not fall");
    return 1;
}

Console.WriteLine("OK embed-tape");
return 0;

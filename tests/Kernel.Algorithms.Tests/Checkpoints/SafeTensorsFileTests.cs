using System.Buffers.Binary;
using System.Text;
using Kernel.Algorithms.Checkpoints;
using Xunit;

namespace Kernel.Algorithms.Tests.Checkpoints;

public sealed class SafeTensorsFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-safetensors-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string PathOf(string name) => Path.Combine(directory, name);

    [Fact]
    public void EveryElementTypeAndTheMetadataRoundTripExactly()
    {
        string path = PathOf("all.safetensors");
        SafeTensor[] tensors =
        [
            SafeTensor.From<Half>("h", [(Half)1.5, Half.MaxValue, Half.NegativeInfinity], 3),
            SafeTensor.From<float>("f", [1f, float.Epsilon, -0f, float.NaN, 3e38f, 7f], 2, 3),
            SafeTensor.From<double>("d", [Math.PI]),
            SafeTensor.From<long>("i", [long.MinValue, -1, long.MaxValue], 3),
            SafeTensor.From<ulong>("u", [ulong.MaxValue, 0], 2),
            SafeTensor.FromFlags("b", [true, false, true]),
        ];
        SafeTensorsFile.Write(path, tensors, new Dictionary<string, string> { ["format"] = "test", ["note"] = "\"quoted\" ü" });

        SafeTensorsContent read = SafeTensorsFile.Read(path);
        Assert.Equal(6, read.Tensors.Count);
        foreach (SafeTensor written in tensors)
        {
            SafeTensor back = read.Tensor(written.Name);
            Assert.Equal(written.DType, back.DType);
            Assert.Equal(written.Shape, back.Shape);
            Assert.Equal(written.Data, back.Data);
        }

        Assert.Equal([1f, float.Epsilon, -0f, float.NaN, 3e38f, 7f], read.Tensor("f").As<float>(6));
        Assert.Empty(read.Tensor("d").Shape);
        Assert.Equal([true, false, true], read.Tensor("b").AsFlags(3));
        Assert.Equal("\"quoted\" ü", read.Meta("note"));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void TheLayoutIsThePublishedFormatHeaderLengthPaddedJsonThenData()
    {
        string path = PathOf("layout.safetensors");
        SafeTensorsFile.Write(path, [SafeTensor.From<float>("w", [1f, 2f], 2)], new Dictionary<string, string>());
        byte[] bytes = File.ReadAllBytes(path);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, headerLength % 8);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        Assert.Contains("\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}", header, StringComparison.Ordinal);
        Assert.Equal(8 + (int)headerLength + 8, bytes.Length);
        Assert.Equal(2f, BitConverter.ToSingle(bytes, bytes.Length - 4));
    }

    [Fact]
    public void AFileWrittenByAnotherWriterWithOutOfOrderEntriesReads()
    {
        // Hand-made per the format: the header may list tensors in any order, and may be padded with spaces.
        string json = "{\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[4,12]},\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}   ";
        byte[] header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + 12];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        BitConverter.TryWriteBytes(bytes.AsSpan(8 + header.Length), 0.25f);
        BitConverter.TryWriteBytes(bytes.AsSpan(8 + header.Length + 4), -2.5);
        string path = PathOf("foreign.safetensors");
        File.WriteAllBytes(path, bytes);

        SafeTensorsContent read = SafeTensorsFile.Read(path);
        Assert.Equal([0.25f], read.Tensor("a").As<float>(1));
        Assert.Equal([-2.5], read.Tensor("b").As<double>(1));
        Assert.Empty(read.Metadata);
    }

    [Fact]
    public void ATruncatedFileIsRefusedWithTheTensorNamed()
    {
        string path = PathOf("cut.safetensors");
        SafeTensorsFile.Write(path, [SafeTensor.From<double>("weights", new double[16], 4, 4)], new Dictionary<string, string>());
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^5]);
        var error = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Read(path));
        Assert.Contains("weights", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);

        File.WriteAllBytes(path, bytes[..20]);
        error = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Read(path));
        Assert.Contains("header length", error.Message, StringComparison.Ordinal);

        File.WriteAllBytes(path, bytes[..3]);
        Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Read(path));
    }

    [Theory]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "overlap")]
    [InlineData("{\"a\":{\"dtype\":\"Q8\",\"shape\":[2],\"data_offsets\":[0,8]}}", "dtype \"Q8\"")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", "claims bytes")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", "cover 4 bytes of a 8-byte")]
    [InlineData("not json at all", "not safetensors JSON")]
    [InlineData("{\"a\":{\"dtype\":\"F32\"}}", "not safetensors JSON")]
    public void AMalformedHeaderIsRefusedWithTheReason(string json, string expected)
    {
        byte[] header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + 8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        string path = PathOf("bad.safetensors");
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Read(path));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TypedReadsCheckTheElementTypeTheCountAndFlagBytes()
    {
        SafeTensor floats = SafeTensor.From<float>("x", [1f, 2f], 2);
        Assert.Contains("holds F32 elements; this run needs F16", Assert.Throws<InvalidDataException>(() => floats.As<Half>(2)).Message, StringComparison.Ordinal);
        Assert.Contains("this run needs 3", Assert.Throws<InvalidDataException>(() => floats.As<float>(3)).Message, StringComparison.Ordinal);
        var flags = new SafeTensor("flags", SafeTensorsDType.Bool, [2], [1, 2]);
        Assert.Contains("flags[1] = 2", Assert.Throws<InvalidDataException>(() => flags.AsFlags(2)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SafeTensor.From<float>("y", [1f, 2f], 3));
    }

    [Fact]
    public void DuplicateNamesAndMissingEntriesAreReported()
    {
        SafeTensor a = SafeTensor.From<float>("a", [1f], 1);
        Assert.Throws<ArgumentException>(() => SafeTensorsFile.Write(PathOf("dup.safetensors"), [a, a], new Dictionary<string, string>()));
        Assert.False(File.Exists(PathOf("dup.safetensors")));
        string path = PathOf("one.safetensors");
        SafeTensorsFile.Write(path, [a], new Dictionary<string, string>());
        SafeTensorsContent read = SafeTensorsFile.Read(path);
        Assert.Contains("no tensor \"b\"", Assert.Throws<InvalidDataException>(() => read.Tensor("b")).Message, StringComparison.Ordinal);
        Assert.Contains("no metadata \"format\"", Assert.Throws<InvalidDataException>(() => read.Meta("format")).Message, StringComparison.Ordinal);
    }
}

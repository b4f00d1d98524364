"""Reads a Kernel checkpoint (safetensors) with numpy alone and lists every network weight as the C# side does.

Layout (docs/checkpoints.md): 8 bytes little-endian header length N, N bytes of JSON mapping each tensor name to
{"dtype", "shape", "data_offsets": [begin, end]} (offsets into the bytes after the header) plus "__metadata__", then the
raw little-endian tensor data, row-major. Usage: python3 read_checkpoint.py <file.safetensors>
"""
import hashlib
import json
import struct
import sys

import numpy as np

DTYPES = {"F16": np.float16, "F32": np.float32, "F64": np.float64, "I64": np.int64, "U64": np.uint64, "BOOL": np.bool_, "U8": np.uint8}


def read(path):
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        tensors[name] = np.frombuffer(data[begin:end], dtype=np.dtype(DTYPES[entry["dtype"]]).newbyteorder("<")).reshape(entry["shape"])
    return tensors, header.get("__metadata__", {})


def main():
    tensors, _ = read(sys.argv[1])
    for name in sorted(t for t in tensors if t.startswith("param.")):
        array = tensors[name]
        dtype = {np.dtype(np.float32): "F32", np.dtype(np.float64): "F64", np.dtype(np.float16): "F16"}[array.dtype]
        shape = ",".join(str(d) for d in array.shape)
        digest = hashlib.sha256(array.astype(array.dtype.newbyteorder("<")).tobytes()).hexdigest()
        print(f"tensor {name} {dtype} [{shape}] sha256 {digest}")


if __name__ == "__main__":
    main()

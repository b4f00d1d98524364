#!/usr/bin/env python3
"""Makes TorchSharp's native libraries load on a system whose C/C++ runtime lacks a symbol version they name but never use.

TorchSharp 0.107's libLibTorchSharp.so was linked with GCC 13, whose <iostream> leaves an undefined reference to
std::ios_base_library_init() at version GLIBCXX_3.4.32 in every object that includes it. The reference only exists so
that a static link pulls in the iostream initialiser; no relocation uses it, so the symbol is never bound or called.
Debian 12's libstdc++ stops at GLIBCXX_3.4.30, and the dynamic loader refuses the whole library because of the
version requirement alone (TorchSharp then reports a missing libtorch-cpu package).

For every shared library in the given folder this script compares the versions it requires from each system library
(.gnu.version_r) with the versions that library defines (.gnu.version_d). A missing version is relaxed, by setting
VER_FLG_WEAK on that one requirement (glibc then skips it instead of failing, elf/dl-version.c), only when no
relocation refers to any symbol bound to it. If a relocation does, something real needs the newer runtime and the
script refuses: it changes nothing and exits with status 1, naming the symbols.

Usage: relax_missing_versions.py FOLDER   (the build output's runtimes/linux-x64/native). Idempotent.
"""

import mmap
import os
import struct
import subprocess
import sys

SHT_REL = 9
SHT_RELA = 4
SHT_DYNSYM = 11
SHT_GNU_VERDEF = 0x6FFFFFFD
SHT_GNU_VERNEED = 0x6FFFFFFE
SHT_GNU_VERSYM = 0x6FFFFFFF
VER_FLG_WEAK = 0x2
VERSYM_HIDDEN = 0x8000


class Elf:
    """The sections of a little-endian ELF64 shared library that symbol versioning involves."""

    def __init__(self, path):
        with open(path, "rb") as handle:
            # Read-only map: libtorch_cpu.so is 460 MB and only its headers are read.
            self.data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        if self.data[:4] != b"\x7fELF" or self.data[4] != 2 or self.data[5] != 1:
            raise ValueError(f"{path}: not a little-endian ELF64 file")
        (shoff,) = struct.unpack_from("<Q", self.data, 0x28)
        shentsize, shnum, _ = struct.unpack_from("<HHH", self.data, 0x3A)
        if shoff == 0 or shnum == 0:
            raise ValueError(f"{path}: has no section headers; cannot check which symbols are used")
        self.sections = []
        for index in range(shnum):
            fields = struct.unpack_from("<IIQQQQIIQQ", self.data, shoff + index * shentsize)
            self.sections.append(
                {"type": fields[1], "offset": fields[4], "size": fields[5], "link": fields[6], "info": fields[7], "entsize": fields[9]})

    def of_type(self, section_type):
        return [(index, s) for index, s in enumerate(self.sections) if s["type"] == section_type]

    def string(self, section_index, offset):
        start = self.sections[section_index]["offset"] + offset
        end = self.data.find(b"\0", start)
        return self.data[start:end].decode()

    def defined_versions(self):
        """Names of the versions a library defines (.gnu.version_d)."""
        names = set()
        for _, section in self.of_type(SHT_GNU_VERDEF):
            entry = section["offset"]
            while True:
                _, _, _, count, _, aux, next_entry = struct.unpack_from("<HHHHIII", self.data, entry)
                if count > 0:
                    (name, _) = struct.unpack_from("<II", self.data, entry + aux)
                    names.add(self.string(section["link"], name))
                if next_entry == 0:
                    break
                entry += next_entry
        return names

    def required_versions(self):
        """(file, version name, version index, offset of the Vernaux entry, flags) for every requirement."""
        result = []
        for _, section in self.of_type(SHT_GNU_VERNEED):
            entry = section["offset"]
            while True:
                _, count, file_name, aux, next_entry = struct.unpack_from("<HHIII", self.data, entry)
                library = self.string(section["link"], file_name)
                aux_offset = entry + aux
                for _ in range(count):
                    _, flags, other, name, next_aux = struct.unpack_from("<IHHII", self.data, aux_offset)
                    result.append((library, self.string(section["link"], name), other, aux_offset, flags))
                    aux_offset += next_aux
                if next_entry == 0:
                    break
                entry += next_entry
        return result

    def symbols_by_version(self):
        """Dynamic symbol index to (name, version index without the hidden bit)."""
        dynsym = self.of_type(SHT_DYNSYM)
        versym = self.of_type(SHT_GNU_VERSYM)
        if not dynsym or not versym:
            return {}
        _, symbols = dynsym[0]
        _, versions = versym[0]
        result = {}
        for index in range(symbols["size"] // 24):
            (name,) = struct.unpack_from("<I", self.data, symbols["offset"] + index * 24)
            (version,) = struct.unpack_from("<H", self.data, versions["offset"] + index * 2)
            result[index] = (self.string(symbols["link"], name), version & ~VERSYM_HIDDEN)
        return result

    def relocated_symbols(self):
        """Indices of the dynamic symbols that some relocation refers to."""
        dynsym_index = self.of_type(SHT_DYNSYM)[0][0]
        used = set()
        for section_type, size in ((SHT_RELA, 24), (SHT_REL, 16)):
            for _, section in self.of_type(section_type):
                if section["link"] != dynsym_index:
                    continue
                for entry in range(section["offset"], section["offset"] + section["size"], size):
                    (info,) = struct.unpack_from("<Q", self.data, entry + 8)
                    used.add(info >> 32)
        return used


def system_library(soname):
    """The path the loader would pick for soname, from the ldconfig cache (x86-64 entries)."""
    listing = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    for line in listing.splitlines():
        line = line.strip()
        if line.startswith(soname + " ") and "x86-64" in line:
            return line.split(" => ", 1)[1]
    return None


def relax(folder):
    plans = []
    refusals = []
    known = {}
    for file_name in sorted(os.listdir(folder)):
        path = os.path.join(folder, file_name)
        if ".so" not in file_name or not os.path.isfile(path) or os.path.islink(path):
            continue
        elf = Elf(path)
        missing = []
        for library, version, index, aux_offset, flags in elf.required_versions():
            if os.path.exists(os.path.join(folder, library)):
                continue  # a sibling shipped with the package, not the system's runtime
            if library not in known:
                system_path = system_library(library)
                known[library] = Elf(system_path).defined_versions() if system_path else None
            if known[library] is None:
                refusals.append(f"{file_name}: needs {library}, which the system does not have")
            elif version not in known[library] and not flags & VER_FLG_WEAK:
                missing.append((library, version, index, aux_offset))
        if not missing:
            continue
        symbols = elf.symbols_by_version()
        used = elf.relocated_symbols()
        for library, version, index, aux_offset in missing:
            bound = [name for symbol, (name, symbol_version) in symbols.items() if symbol_version == index]
            needed = [name for symbol, (name, symbol_version) in symbols.items() if symbol_version == index and symbol in used]
            if needed:
                refusals.append(f"{file_name}: {library} lacks {version}, and relocations use {', '.join(needed)}")
            else:
                plans.append((path, aux_offset, f"{file_name}: {library} lacks {version}; relaxed "
                                                     f"(only unreferenced marker symbols: {', '.join(bound) or 'none'})"))
    if refusals:
        for line in refusals:
            print("refused:", line, file=sys.stderr)
        return 1
    for path in sorted({plan[0] for plan in plans}):
        with open(path, "rb") as handle:
            data = bytearray(handle.read())
        for _, aux_offset, _ in (plan for plan in plans if plan[0] == path):
            (flags,) = struct.unpack_from("<H", data, aux_offset + 4)
            struct.pack_into("<H", data, aux_offset + 4, flags | VER_FLG_WEAK)
        # Write a new file and rename it over the old one: a process that has the library mapped keeps its copy.
        temporary = path + ".relaxing"
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, os.stat(path).st_mode)
        os.replace(temporary, path)
    for *_, message in plans:
        print(message)
    if not plans:
        print(f"{folder}: no missing version left to relax")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        sys.exit(2)
    sys.exit(relax(sys.argv[1]))

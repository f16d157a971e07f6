"""Loads the host C API (libCatalogueHostAPI.so) with cffi in ABI mode, declaring it from the headers themselves.

The headers are read from the checkout (catalogue.h and catalogue_host.h) so the Python side can never drift
from the C declarations; only the preprocessor lines cffi cannot read are dropped (include guards, includes,
the C++ guards, macros with arguments, string constants). The library and the `catalogue` executable come from
one SwiftPM build folder: $CATALOGUE_BUILD_DIR, else the checkout's .build/debug, else .build/release.
"""

import os
import pathlib
import re

from cffi import FFI

ROOT = pathlib.Path(__file__).resolve().parents[2]
HEADERS = ROOT / "Sources" / "Registry" / "CCatalogue" / "include"
LIBRARY = "libCatalogueHostAPI.so"


def build_dir():
    """The SwiftPM build folder holding the API library, the `catalogue` executable and the plugins."""
    given = os.environ.get("CATALOGUE_BUILD_DIR")
    if given:
        return pathlib.Path(given).resolve()
    for name in ("debug", "release"):
        folder = ROOT / ".build" / name
        if (folder / LIBRARY).exists():
            return folder
    raise ImportError(
        f"no {LIBRARY} under {ROOT / '.build'}: build it with 'swift build' in {ROOT} "
        "(or set CATALOGUE_BUILD_DIR to the folder that holds it)"
    )


def declarations(text):
    """The C declarations of a header, without the preprocessor lines cffi's cdef cannot read."""
    kept = []
    in_cplusplus = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#ifdef __cplusplus"):
            in_cplusplus = True
            continue
        if in_cplusplus:
            in_cplusplus = not stripped.startswith("#endif")
            continue
        if stripped.startswith("#"):
            if re.fullmatch(r"#define\s+\w+\s+\d+", stripped):
                kept.append(stripped)
            continue
        kept.append(line)
    return "\n".join(kept)


ffi = FFI()
ffi.cdef(declarations((HEADERS / "catalogue.h").read_text()))
ffi.cdef(declarations((HEADERS / "catalogue_host.h").read_text()))
BUILD = build_dir()
lib = ffi.dlopen(str(BUILD / LIBRARY))
if lib.cath_api_version() >> 16 != lib.CATH_API_MAJOR:
    raise ImportError(
        f"{BUILD / LIBRARY} has host API {lib.cath_api_version() >> 16}.x, these headers {lib.CATH_API_MAJOR}.x"
    )

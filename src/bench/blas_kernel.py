"""The BLAS kernel torch runs its products on, for the reference loops' RESULT lines."""
import ctypes

import torch


def blas_core():
    """The kernel type OpenBLAS chose (OPENBLAS_CORETYPE forces it), or what BLAS torch runs on instead."""
    torch.ones(2, 2) @ torch.ones(2, 2)  # loads the BLAS library
    with open("/proc/self/maps") as f:
        paths = sorted({line.split()[-1] for line in f if "blas" in line.lower() and line.split()[-1].startswith("/")})
    for path in paths:
        try:
            corename = ctypes.CDLL(path).openblas_get_corename
        except (OSError, AttributeError):
            continue
        corename.restype = ctypes.c_char_p
        return "OpenBLAS/" + corename().decode()
    return "not-OpenBLAS(" + ",".join(p.rsplit("/", 1)[-1] for p in paths) + ")"


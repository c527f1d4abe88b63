"""Regulation actions: loading versioned data files. Describing rules lives in ..describe."""

from .loader import (
    LoadResult,
    ParsedFile,
    RegulationDataError,
    data_files,
    load_regulation_dir,
    load_regulation_files,
    parse_file,
)

__all__ = [
    "LoadResult",
    "ParsedFile",
    "RegulationDataError",
    "data_files",
    "load_regulation_dir",
    "load_regulation_files",
    "parse_file",
]

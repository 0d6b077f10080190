#!/usr/bin/env python3
"""Drops the page cache of every regular file under each DIR (posix_fadvise POSIX_FADV_DONTNEED),
deleting nothing. unpack-vs-tar.sh keeps every run's tree (deleting would slow the next runs on
ext4 without a journal) and calls this on the last one after `sync`, so that the kept trees do not
fill memory and make the later entries pay for reclaim.

Usage: drop-page-cache.py DIR...
"""
import os
import stat
import sys


def walk(top):
    """Paths of the regular files under top, symlinks not followed."""
    with os.scandir(top) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from walk(entry.path)
            elif entry.is_file(follow_symlinks=False):
                yield entry.path


for top in sys.argv[1:]:
    for path in walk(top):
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            continue  # gone, or not readable: nothing to drop
        try:
            if stat.S_ISREG(os.fstat(fd).st_mode):
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)

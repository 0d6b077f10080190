#!/usr/bin/env python3
"""Writes an OCI image layout directory around layer blobs made beforehand, leaving their bytes as
they are: each blob is hard-linked (or copied) into blobs/sha256/, so a benchmark can give GNU tar
the very file the image's manifest names.

Usage: oci-image.py OUT --tag TAG [--arch ARCH] [--cmd ARG]... [--history TEXT]... BLOB=TAR...

  BLOB            a layer blob: a tar compressed with gzip or zstd (told by its first bytes), or plain
  TAR             the same layer uncompressed, whose sha256 is the config's rootfs.diff_ids entry
  --history TEXT  how a layer was made (its history entry's created_by), one per layer, in order

Layers are given bottom first. OUT must not exist; it is written as OUT.tmp and renamed at the end.
Prints one line per layer: media type, blob digest, blob size, diff_id.
"""
import argparse
import hashlib
import json
import os
import shutil
import sys

LAYER_TYPES = {
    b"\x1f\x8b": "application/vnd.oci.image.layer.v1.tar+gzip",
    b"\x28\xb5\x2f\xfd": "application/vnd.oci.image.layer.v1.tar+zstd",
}
PLAIN_LAYER = "application/vnd.oci.image.layer.v1.tar"
CONFIG_TYPE = "application/vnd.oci.image.config.v1+json"
MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json"
INDEX_TYPE = "application/vnd.oci.image.index.v1+json"
REF_NAME = "org.opencontainers.image.ref.name"
# A fixed date, so the same layers always make the same image digest.
CREATED = "2026-01-01T00:00:00Z"


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return "sha256:" + digest.hexdigest()


def media_type(path):
    with open(path, "rb") as f:
        head = f.read(4)
    for magic, kind in LAYER_TYPES.items():
        if head.startswith(magic):
            return kind
    return PLAIN_LAYER


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--tag", required=True)
    parser.add_argument("--arch", default="amd64", help="Go's name: amd64, arm64, ...")
    parser.add_argument("--cmd", action="append", default=None)
    parser.add_argument("layers", nargs="+", metavar="BLOB=TAR")
    parser.add_argument("--history", action="append", default=[], metavar="TEXT",
                        help="created_by of each layer's history entry, in layer order")
    args = parser.parse_args()
    layers = []
    for arg in args.layers:
        blob, sep, tar = arg.partition("=")
        if not sep or not blob or not tar:
            parser.error(f"a layer is BLOB=TAR, got {arg!r}")
        layers.append((blob, tar))
    if len(args.history) > len(layers):
        parser.error("more --history than layers")
    created_by = args.history + [""] * (len(layers) - len(args.history))

    out = args.out
    if os.path.exists(out):
        sys.exit(f"oci-image.py: {out} exists")
    tmp = out + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    blobs = os.path.join(tmp, "blobs", "sha256")
    os.makedirs(blobs)

    def put(path_or_bytes):
        """Stores a blob; returns its descriptor's digest and size."""
        if isinstance(path_or_bytes, bytes):
            digest = "sha256:" + hashlib.sha256(path_or_bytes).hexdigest()
            with open(os.path.join(blobs, digest[7:]), "wb") as f:
                f.write(path_or_bytes)
            return digest, len(path_or_bytes)
        digest = sha256_of(path_or_bytes)
        target = os.path.join(blobs, digest[7:])
        if not os.path.exists(target):
            try:
                os.link(path_or_bytes, target)
            except OSError:
                shutil.copyfile(path_or_bytes, target)
        return digest, os.path.getsize(path_or_bytes)

    descriptors, diff_ids = [], []
    for blob, tar in layers:
        digest, size = put(blob)
        kind = media_type(blob)
        diff_id = digest if kind == PLAIN_LAYER else sha256_of(tar)
        descriptors.append({"mediaType": kind, "digest": digest, "size": size})
        diff_ids.append(diff_id)
        print(f"{kind} {digest} {size} {diff_id}")

    config = {
        "created": CREATED,
        "architecture": args.arch,
        "os": "linux",
        "config": {
            "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
            "Cmd": args.cmd or ["bash"],
        },
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": [{"created": CREATED, "created_by": c} if c else {"created": CREATED}
                    for c in created_by],
    }
    config_digest, config_size = put(json.dumps(config, separators=(",", ":")).encode())
    manifest = {
        "schemaVersion": 2,
        "mediaType": MANIFEST_TYPE,
        "config": {"mediaType": CONFIG_TYPE, "digest": config_digest, "size": config_size},
        "layers": descriptors,
    }
    manifest_digest, manifest_size = put(json.dumps(manifest, separators=(",", ":")).encode())
    index = {
        "schemaVersion": 2,
        "mediaType": INDEX_TYPE,
        "manifests": [{
            "mediaType": MANIFEST_TYPE,
            "digest": manifest_digest,
            "size": manifest_size,
            "platform": {"architecture": args.arch, "os": "linux"},
            "annotations": {REF_NAME: args.tag},
        }],
    }
    with open(os.path.join(tmp, "oci-layout"), "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)
    with open(os.path.join(tmp, "index.json"), "w") as f:
        json.dump(index, f, separators=(",", ":"))
    os.rename(tmp, out)


if __name__ == "__main__":
    main()

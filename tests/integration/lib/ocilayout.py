"""ocilayout.py: OCI image layouts for the tests, made at run time.

    layout = Layout(DIR)                    DIR/blobs/sha256 made
    layout.layer([(NAME, KIND, ARG, MODE), ...], mtime=0)
        a tar+gzip layer's descriptor; KIND "d" (a directory), "f" (a file,
        ARG its bytes) or "l" (a symlink to ARG)
    layout.image(TAG, CONFIG, [LAYER, ...])
        an image config {"config": CONFIG, ...} and its manifest, tagged TAG
    layout.close()                          index.json and oci-layout
"""
import gzip
import hashlib
import io
import json
import os
import tarfile

MT_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
MT_CONFIG = "application/vnd.oci.image.config.v1+json"
MT_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"


class Layout:
    def __init__(self, d):
        self.d = d
        self.manifests = []
        os.makedirs(d + "/blobs/sha256")

    def blob(self, data, mt):
        h = hashlib.sha256(data).hexdigest()
        with open(self.d + "/blobs/sha256/" + h, "wb") as f:
            f.write(data)
        return {"mediaType": mt, "digest": "sha256:" + h, "size": len(data)}

    def layer(self, entries, mtime=0):
        b = io.BytesIO()
        with tarfile.open(fileobj=b, mode="w", format=tarfile.PAX_FORMAT) as t:
            for name, kind, arg, mode in entries:
                ti = tarfile.TarInfo(name)
                ti.mtime = mtime
                ti.mode = mode
                if kind == "f":
                    ti.size = len(arg)
                    t.addfile(ti, io.BytesIO(arg))
                    continue
                if kind == "d":
                    ti.type = tarfile.DIRTYPE
                else:
                    ti.type = tarfile.SYMTYPE
                    ti.linkname = arg
                t.addfile(ti)
        return self.blob(gzip.compress(b.getvalue(), mtime=0), MT_LAYER)

    def image(self, tag, config, layers):
        cfg = {"architecture": "amd64", "os": "linux", "config": config,
               "rootfs": {"type": "layers", "diff_ids": []}}
        man = {"schemaVersion": 2, "mediaType": MT_MANIFEST,
               "config": self.blob(json.dumps(cfg).encode(), MT_CONFIG), "layers": layers}
        md = self.blob(json.dumps(man).encode(), MT_MANIFEST)
        self.manifests.append(dict(md, annotations={"org.opencontainers.image.ref.name": tag}))

    def close(self):
        with open(self.d + "/index.json", "w") as f:
            json.dump({"schemaVersion": 2, "manifests": self.manifests}, f)
        with open(self.d + "/oci-layout", "w") as f:
            json.dump({"imageLayoutVersion": "1.0.0"}, f)

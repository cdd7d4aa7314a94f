"""What the reference scripts share (engine-fixtures.py, tiny-model-fixtures.py, probe-fixtures.py):
the Python venv they run in, file hashes, library versions and JSON output. Standard library only,
so it can be imported before the venv exists."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dualeval"
VENV = CACHE / "fixture-venv"


def enter_venv(script: str, argv: list[str], requirements: Path | None = None, log=print) -> None:
    """Re-executes `script` inside the reference venv unless already there. With `requirements`,
    creates the venv and installs them (once per version of the file); without, the venv must exist."""
    py = VENV / "bin" / "python"
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    if requirements is None:
        if not py.exists():
            sys.exit(f"{Path(script).name}: no venv at {VENV}; run scripts/engine-fixtures.py once to make it")
    else:
        if not py.exists():
            log(f"creating venv {VENV}")
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
            subprocess.run([str(py), "-m", "pip", "install", "-q", "--upgrade", "pip", "setuptools", "wheel"], check=True)
        stamp = VENV / ".requirements.sha256"
        digest = hashlib.sha256(requirements.read_bytes()).hexdigest()
        if not stamp.exists() or stamp.read_text().strip() != digest:
            log(f"installing {requirements.name} into {VENV} (llama-cpp-python compiles llama.cpp: 10+ min)")
            env = dict(os.environ)
            env.setdefault("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 2))
            env.setdefault("PIP_ROOT_USER_ACTION", "ignore")
            subprocess.run([str(py), "-m", "pip", "install", "-q", "-r", str(requirements)], check=True, env=env)
            stamp.write_text(digest + "\n")
    os.execv(str(py), [str(py), str(Path(script).resolve()), *argv])


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def versions(packages: tuple[str, ...]) -> dict:
    """Python's version and each package's (None when it is not installed)."""
    import importlib.metadata as md
    out = {"python": sys.version.split()[0]}
    for p in packages:
        try:
            out[p] = md.version(p.replace("_", "-"))
        except md.PackageNotFoundError:
            out[p] = None
    return out


def write_json(path: Path, obj, indent=1) -> None:
    """Writes JSON (UTF-8, no ASCII escapes) under a temporary name, then renames it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(obj, ensure_ascii=False, indent=indent) + "\n", encoding="utf-8")
    tmp.replace(path)


def forward_with_ffn_hooks(model, ids: list[int], positions: list[int]):
    """One forward pass of a transformers causal LM over `ids` with hooks on every layer's
    `mlp.act_fn` (act(W_gate h)) and the input of `mlp.down_proj` (act(W_gate h) · W_up h).
    Returns the last position's logits and, per layer, both signals' rows at `positions`."""
    import torch
    acts, gated, hooks = [], [], []
    for layer in model.model.layers:
        hooks.append(layer.mlp.act_fn.register_forward_hook(
            lambda mod, inp, outp: acts.append(outp[0, positions, :].detach().clone())))
        hooks.append(layer.mlp.down_proj.register_forward_pre_hook(
            lambda mod, inp: gated.append(inp[0][0, positions, :].detach().clone())))
    try:
        with torch.no_grad():
            x = torch.tensor([ids], dtype=torch.long)
            res = model(input_ids=x, attention_mask=torch.ones_like(x), use_cache=False)
    finally:
        for h in hooks:
            h.remove()
    assert len(acts) == len(model.model.layers) and len(gated) == len(model.model.layers), (len(acts), len(gated))
    return res.logits[0, -1, :], acts, gated

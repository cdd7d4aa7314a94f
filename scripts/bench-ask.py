#!/usr/bin/env python3
"""bench-ask: the ask client against a loopback server that answers instantly, beside Python's
openai AsyncOpenAI client on the same server, with wrk's rate as the ceiling.

The server is nginx returning a fixed chat-completions reply to every request (keep-alive).
Each client sends the same number of requests at concurrency 64; we report requests/s, client
CPU per request (user + system time of the client process), failures, and ratios.
Needs Debian's nginx-light and wrk (the Makefile installs them) and a venv with `openai`
(created under ~/.cache/dualeval/bench-ask-venv from PyPI).
"""
import argparse, json, os, pathlib, resource, shutil, subprocess, sys, tempfile, textwrap, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_summary  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
CACHE = pathlib.Path(os.environ.get("XDG_CACHE_HOME", pathlib.Path.home() / ".cache")) / "dualeval"
VENV = CACHE / "bench-ask-venv"
REPLY = json.dumps({"id": "x", "object": "chat.completion", "created": 0, "model": "m",
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": "Pizza"}, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 30, "completion_tokens": 2, "total_tokens": 32}})

def start_nginx(work):
    port_probe = subprocess.run([sys.executable, "-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])"],
                                capture_output=True, text=True, check=True)
    port = int(port_probe.stdout)
    conf = work / "nginx.conf"
    conf.write_text(textwrap.dedent(f"""
        worker_processes 1;
        daemon off;
        pid {work}/nginx.pid;
        error_log {work}/error.log;
        events {{ worker_connections 1024; }}
        http {{
            access_log off;
            client_body_temp_path {work}/body;
            keepalive_requests 1000000;
            server {{
                listen 127.0.0.1:{port};
                location / {{ default_type application/json; return 200 '{REPLY}'; }}
            }}
        }}
        """))
    process = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(work)], stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    return process, port

def timed(command, **kwargs):
    """Runs a command; returns (seconds, cpu seconds of the child, completed process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode != 0:
        sys.exit(f"bench-ask: {command[0]} failed: {result.stderr[-2000:]}")
    return elapsed, cpu, result

PYTHON_CLIENT = r'''
import asyncio, sys
from openai import AsyncOpenAI
url, n, concurrency = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
async def main():
    client = AsyncOpenAI(base_url=url, api_key="x", max_retries=0)
    semaphore = asyncio.Semaphore(concurrency)
    failures = 0
    async def one(i):
        nonlocal failures
        async with semaphore:
            try:
                reply = await client.chat.completions.create(model="m", temperature=0, max_tokens=1024,
                    messages=[{"role": "user", "content": f"Read the following question and provide a single answer without any explanations.\n\nQuestion: question {i}?\nAnswer:"}])
                assert reply.choices[0].message.content
            except Exception:
                failures += 1
    await asyncio.gather(*(one(i) for i in range(n)))
    print(failures)
asyncio.run(main())
'''

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=str(ROOT / ".build" / "release"))
    parser.add_argument("--blend-dir", required=True)
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--concurrency", type=int, default=64)
    args = parser.parse_args()
    if not (VENV / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "python"), "-m", "pip", "install", "-q", "openai"], check=True)
    work = pathlib.Path(tempfile.mkdtemp(prefix="bench-ask-"))
    nginx, port = start_nginx(work)
    try:
        url = f"http://127.0.0.1:{port}/v1"
        # Questions: US English records repeated with distinct templates, so every request key differs.
        base = subprocess.run([f"{args.bin}/import-blend", "--blend-dir", args.blend_dir, "--set", "Q_US_en", "--plain"],
                              capture_output=True, check=True).stdout.splitlines()
        questions = work / "questions.jsonl"
        with open(questions, "wb") as out:
            for i in range(args.requests):
                record = json.loads(base[i % len(base)])
                record["template_id"] = f"{record['template_id']}-{i}"
                record["id"] = f"Q_US_en/{record['template_id']}"
                record["question"] = f"{record['question']} ({i})"
                out.write((json.dumps(record, ensure_ascii=False) + "\n").encode())
        ours_s, ours_cpu, ours = timed([f"{args.bin}/ask", str(questions), "--model", "m", "--endpoint", url,
                                        "--blend-dir", args.blend_dir, "--concurrency", str(args.concurrency),
                                        "--max-concurrency", str(args.concurrency), "--plain"])
        answered = sum(1 for line in ours.stdout.splitlines() if '"error":null' in line)
        py_s, py_cpu, py = timed([str(VENV / "bin" / "python"), "-c", PYTHON_CLIENT, url, str(args.requests), str(args.concurrency)])
        py_failures = int(py.stdout.strip() or "0")
        lua = work / "post.lua"
        lua.write_text('wrk.method = "POST"\nwrk.body = \'{"model":"m","messages":[{"role":"user","content":"q"}]}\'\n'
                       'wrk.headers["Content-Type"] = "application/json"\n')
        wrk = subprocess.run(["wrk", "-t2", f"-c{args.concurrency}", "-d5s", "-s", str(lua), url + "/chat/completions"],
                             capture_output=True, text=True, check=True).stdout
        wrk_rate = float(next(line.split()[1] for line in wrk.splitlines() if line.startswith("Requests/sec")))
    finally:
        nginx.terminate()
        shutil.rmtree(work, ignore_errors=True)
    ours_rate, py_rate = args.requests / ours_s, args.requests / py_s
    print(f"bench-ask: {args.requests:,} requests at concurrency {args.concurrency} against nginx on loopback")
    print("| client | requests/s | client CPU per request | failures | vs AsyncOpenAI |")
    print("|---|---:|---:|---:|---:|")
    print(f"| ask (URLSession) | {ours_rate:,.0f} | {1000 * ours_cpu / args.requests:.3f} ms | {args.requests - answered} | {ours_rate / py_rate:.2f}× |")
    print(f"| openai AsyncOpenAI | {py_rate:,.0f} | {1000 * py_cpu / args.requests:.3f} ms | {py_failures} | 1.00× |")
    print(f"| wrk (ceiling) | {wrk_rate:,.0f} | — | — | {wrk_rate / py_rate:.2f}× |")
    bench_summary.record("ask", "requests/s against an instant server", ours_rate, "openai AsyncOpenAI", py_rate, "req/s")

if __name__ == "__main__":
    main()

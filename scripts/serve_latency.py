#!/usr/bin/env python3
"""Time from saving a one-event change to the reload notification in `annals serve`.

    scripts/serve_latency.py SITE_DIR [--runs 10] [--file content/xxx.md]

Copies nothing: it edits SITE_DIR in place (appending and then removing one
character in the first dated entry of the chosen file), so run it on a copy
(scripts/serve_latency.sh does that for the DeepSeek site and a synthetic one).
Prints the median, min and max latency in milliseconds. Standard library only.
"""
import argparse, os, re, socket, statistics, subprocess, sys, time

def read_until(sock, needle, timeout):
    sock.settimeout(0.05)
    buf, deadline = b"", time.monotonic() + timeout
    while needle not in buf:
        if time.monotonic() > deadline:
            raise TimeoutError(f"no {needle!r} within {timeout}s; got {buf[-300:]!r}")
        try:
            chunk = sock.recv(65536)
            if not chunk:
                raise ConnectionError("event stream closed")
            buf += chunk
        except socket.timeout:
            pass
    return buf

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--file", help="content file to edit (default: the largest .md)")
    ap.add_argument("--annals", default="target/release/annals")
    ap.add_argument("--pause", type=float, default=0.2,
                    help="seconds between a reload and the next save (a person takes seconds)")
    args = ap.parse_args()

    content = os.path.join(args.site, "content")
    target = args.file and os.path.join(args.site, args.file)
    if not target:
        mds = [os.path.join(d, f) for d, _, fs in os.walk(content) for f in fs if f.endswith(".md")]
        target = max(mds, key=os.path.getsize)
    original = open(target, encoding="utf-8").read()

    server = subprocess.Popen([args.annals, "serve", "--root", args.site, "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            sys.exit(f"serve did not start: {line!r}")
        port = int(m.group(1))
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(f"GET /__annals/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        read_until(sock, b"retry:", 30)
        latencies = []
        for i in range(args.runs):
            # One event's text changes: a character after its first comma.
            edited = original.replace("，", "，" + "改" * (i % 2 + 1), 1) if "，" in original \
                else original.replace(", ", ", x" * (i % 2 + 1), 1)
            started = time.monotonic()
            with open(target, "w", encoding="utf-8") as f:
                f.write(edited)
            read_until(sock, b"event: reload", 60)
            latencies.append((time.monotonic() - started) * 1000)
            time.sleep(args.pause)
        print(f"{os.path.relpath(target, args.site)}: save -> reload notification over {args.runs} runs: "
              f"median {statistics.median(latencies):.0f} ms, min {min(latencies):.0f} ms, max {max(latencies):.0f} ms")
    finally:
        with open(target, "w", encoding="utf-8") as f:
            f.write(original)
        server.terminate()
        server.wait(timeout=10)

if __name__ == "__main__":
    main()

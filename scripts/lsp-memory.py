#!/usr/bin/env python3
"""The language server's resident memory after a session of editing: `zjlint lsp` opens N
documents made of the repository's own texts (tests/fixtures/corpus/seeds and examples, so
nothing from outside the repository), each about 50 KB and a little different, changes each
twice, waits for every publication of findings, then reads the server's resident set (VmRSS)
and its peak (VmHWM) from /proc. Linux only. See BENCHMARKS.md.

用法：scripts/lsp-memory.py ZJLINT [文档数，默认 30]
"""

import json
import pathlib
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parent.parent


def own_texts():
    """The repository's own .txt and .md texts, in a fixed order."""
    paths = sorted(
        p
        for folder in ("tests/fixtures/corpus/seeds", "examples")
        for p in (REPO / folder).iterdir()
        if p.suffix in (".txt", ".md")
    )
    return [p.read_text(encoding="utf-8") for p in paths]


def documents(count):
    """`count` documents of about 50 KB: the texts one after another, each document starting
    at a different text."""
    texts = own_texts()
    if not any(texts):
        sys.exit("lsp-memory: 仓库中找不到 tests/fixtures/corpus/seeds 或 examples 的文本")
    docs = []
    for k in range(count):
        doc, i = "", k
        while len(doc.encode()) < 50_000:
            doc += texts[i % len(texts)] + "\n"
            i += 1
        docs.append(doc)
    return docs


class Server:
    def __init__(self, binary):
        self.proc = subprocess.Popen(
            [binary, "lsp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )

    def send(self, message):
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                sys.exit("lsp-memory: 语言服务器提前退出")
            if line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length"):
                length = int(line.split(b":")[1])
        if length is None:
            sys.exit("lsp-memory: 语言服务器的消息没有 Content-Length 头")
        return json.loads(self.proc.stdout.read(length))

    def findings_for(self, uri):
        while True:
            message = self.read()
            if (
                message.get("method") == "textDocument/publishDiagnostics"
                and message["params"]["uri"] == uri
            ):
                return message

    def memory(self):
        status = pathlib.Path(f"/proc/{self.proc.pid}/status").read_text()
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        return {key: fields[key].strip() for key in ("VmRSS", "VmHWM")}


def main():
    usage = __doc__.strip().splitlines()[-1]
    if len(sys.argv) not in (2, 3) or (len(sys.argv) == 3 and not sys.argv[2].isdigit()):
        print(usage, file=sys.stderr)
        sys.exit(2)
    binary = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) == 3 else 30
    server = Server(binary)
    server.send(
        {
            "id": 1,
            "method": "initialize",
            "params": {"processId": None, "rootUri": None, "capabilities": {}},
        }
    )
    while server.read().get("id") != 1:
        pass
    server.send({"method": "initialized", "params": {}})
    for k, doc in enumerate(documents(count)):
        uri = f"file:///zjlint-lsp-memory/{k}.txt"
        item = {"uri": uri, "languageId": "plaintext", "version": 1, "text": doc}
        server.send({"method": "textDocument/didOpen", "params": {"textDocument": item}})
        server.findings_for(uri)
        for version in (2, 3):
            change = {"text": doc + "\n补充一句话。" * version}
            server.send(
                {
                    "method": "textDocument/didChange",
                    "params": {
                        "textDocument": {"uri": uri, "version": version},
                        "contentChanges": [change],
                    },
                }
            )
            server.findings_for(uri)
    memory = server.memory()
    print(f"{binary}：{count} 个文档，各改两次；常驻 {memory['VmRSS']}，峰值 {memory['VmHWM']}")
    server.send({"id": 2, "method": "shutdown"})
    server.send({"method": "exit"})
    server.proc.wait(timeout=30)


if __name__ == "__main__":
    main()

# Verifies the DKIM signature of each message file named after the port with Debian's dkimpy,
# looking keys up only on the DNS server at 127.0.0.1:PORT (a dnsmasq the test started).
# Prints one line per file, "pass" or "fail: why", and exits 0 when every file passed.
import io
import logging
import sys

import dkim
import dns.resolver

resolver = dns.resolver.Resolver(configure=False)
resolver.nameservers = ["127.0.0.1"]
resolver.port = int(sys.argv[1])
resolver.lifetime = 5
dns.resolver.default_resolver = resolver

failed = False
for path in sys.argv[2:]:
    with open(path, "rb") as f:
        message = f.read()
    said = io.StringIO()
    logger = logging.getLogger(path)
    logger.setLevel(logging.DEBUG)
    logger.addHandler(logging.StreamHandler(said))
    try:
        ok = dkim.verify(message, logger=logger)
    except Exception as e:  # a malformed signature is a failure to report, not a crash
        ok = False
        said.write(repr(e))
    if ok:
        print("pass")
    else:
        failed = True
        print("fail: " + " | ".join(line for line in said.getvalue().splitlines() if line.strip())[-600:])
sys.exit(1 if failed else 0)

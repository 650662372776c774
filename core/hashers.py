"""Password hashing: Argon2id with parameters sized for a shared intranet server.

Django's own ``Argon2PasswordHasher`` defaults (102,400 KiB, 2 passes, 8 lanes) cost
about 0.3 s of CPU per login on a two-core server, so twenty staff logging in at the
start of a meeting wait several seconds. These parameters are the first Argon2id
configuration recommended by the OWASP Password Storage Cheat Sheet (19 MiB of memory,
2 passes, 1 lane), which is the memory-hard algorithm Django itself recommends and
costs about 0.03 s. The algorithm name stays ``argon2`` and the parameters are stored
in each hash, so hashes made with other parameters keep verifying and are re-hashed
with these on the next successful login (``must_update``); PBKDF2 hashes likewise.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class TunedArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19456  # KiB
    parallelism = 1

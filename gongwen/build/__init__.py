"""Write: the incremental build, parallel batches, build state, checksums, atomic writes, watch."""

#!/bin/sh
# Each stage's output on the fixture articles equals its golden file.
exec sh tests/golden.sh

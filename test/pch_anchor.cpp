// Owns the shared CAF precompiled header (see CMakeLists.txt).

//! Rendering diagnostics. (Being written.)

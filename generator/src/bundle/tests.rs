//! The resolver's rules, each on a few files in a temporary folder.

//! rinet: WinInet's asynchronous HTTP client model for Linux and POSIX systems, with a C ABI.
pub mod http;

// `kernel!` needs a type that implements `sysgate::Kernel`.

struct Mine;

sysgate::kernel!(Mine);

fn main() {}

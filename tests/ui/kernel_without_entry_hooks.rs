// A kernel implements the architecture's entry hooks too, if only with every default.

struct Mine;

impl sysgate::Kernel for Mine {
    fn cpu_id() -> usize {
        0
    }
}

fn main() {}

use std::process::{Command, Output};

fn ping(host: &str) -> std::io::Result<Output> {
    Command::new("sh")
        .arg("-c")
        // ruleid: rs-command-injection
        .arg(format!("ping -c 1 {}", host))
        .output()
}

fn checkout(branch: String) -> std::io::Result<Output> {
    // ruleid: rs-command-injection
    Command::new("bash").args(["-c", &format!("git checkout {branch}")]).output()
}

fn run_user(cmd: &str) -> std::io::Result<std::process::ExitStatus> {
    Command::new("/bin/sh")
        .current_dir("/srv/app")
        .arg("-c")
        // ruleid: rs-command-injection
        .arg(cmd)
        .status()
}

fn builder(script: String) -> std::io::Result<Output> {
    let mut c = Command::new("sh");
    c.arg("-c");
    // ruleid: rs-command-injection
    c.arg(&script);
    c.output()
}

async fn tokio_shell(name: &str) -> std::io::Result<std::process::Output> {
    tokio::process::Command::new("sh")
        .arg("-c")
        // ruleid: rs-command-injection
        .arg("echo ".to_owned() + name)
        .output()
        .await
}

fn windows(path: &str) -> std::io::Result<Output> {
    // ruleid: rs-command-injection
    Command::new("cmd").args(&["/C", &format!("type {}", path)]).output()
}

// ---- negatives ----

fn ping_safe(host: &str) -> std::io::Result<Output> {
    // ok: rs-command-injection
    Command::new("ping").arg("-c").arg("1").arg(host).output()
}

fn constant_script() -> std::io::Result<Output> {
    // ok: rs-command-injection
    Command::new("sh").arg("-c").arg("make clean && make").output()
}

fn git(branch: &str) -> std::io::Result<Output> {
    // ok: rs-command-injection
    Command::new("git").args(["checkout", branch]).output()
}

fn sh_script_file(path: &str) -> std::io::Result<Output> {
    // ok: rs-command-injection
    Command::new("sh").arg(path).output()
}

fn constant_args() -> std::io::Result<Output> {
    // ok: rs-command-injection
    Command::new("bash").args(["-c", "ls -la"]).output()
}

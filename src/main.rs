fn main() -> std::process::ExitCode {
    topicctl::run()
}

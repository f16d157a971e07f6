// The `catalogue` command: parse arguments, call the host library, map errors to exit codes.
// Exit codes: 0 ok, 1 run failed, 2 usage error, 3 plugin failed to load. Every error is one line on stderr.
// `catalogue __worker ...` is the host's own child process (scanner, run worker, validation check), not a command.
import ArgumentParser
import CatalogueAuthoring
import CatalogueHost

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == WorkerMain.command {
  WorkerMain.run(Array(arguments.dropFirst())) { check, file in ValidationProbe.reply(check, file: file) }
  StandardError.write("error: '\(WorkerMain.command)' is internal to catalogue and not meant to be run by hand\n")
  ErrorReport.exit(code: 2)
}
// Processes a plugin leaves behind become this process's children, even one that called setsid(), so they can be
// killed when the child that ran the plugin ends (OrphanReaper).
OrphanReaper.adoptOrphans()
do {
  var command = try CatalogueCommand.parseAsRoot(arguments)
  try command.run()
} catch let error as CatalogueError {
  ErrorReport.exit(error)
} catch let code as ExitCode {
  ErrorReport.exit(code: code.rawValue)
} catch {
  ErrorReport.exitForParserError(error, arguments: arguments)
}

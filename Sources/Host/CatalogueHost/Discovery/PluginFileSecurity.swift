import Glibc

/// Refuses plugin files that someone other than the user (or root) could have replaced, before any of their code
/// is loaded (ARCHITECTURE §8).
///
/// Loading a shared library runs its code with the user's rights, so a plugin is only as trustworthy as everyone
/// who can write to it. The rules follow OpenSSH's `StrictModes`:
/// - the file, the folder that holds it and the folder it was found in must be owned by the user or by root;
/// - none of them, nor any folder above them, may be writable by others, nor by a group unless that group is the
///   owner's private group (Debian's user-private groups, umask 002);
/// - a folder above the file may be world-writable if it has the sticky bit (`/tmp`): others cannot replace what
///   they do not own there. A folder that is *searched* for plugins gets no such exception, since anyone who can
///   create files in it can add a plugin.
/// Folders further up are judged by their permission bits only, not by their owner, so a root build inside a
/// checkout owned by a CI user (a container job) still loads the plugins root built.
/// `--allow-insecure-plugins` skips the check.
public enum PluginFileSecurity {
  /// Why the file may not be loaded, or nil if it may.
  ///
  /// - Parameters:
  ///   - realPath: the file with symlinks resolved.
  ///   - searchedFolder: the search-path folder the file was listed from, if any.
  public static func problem(realPath: String, searchedFolder: String? = nil) -> String? {
    if let problem = fileProblem(realPath: realPath) { return problem }
    return folderProblem(holder: FileSystem.directory(of: realPath), searchedFolder: searchedFolder)
  }

  /// The file's own part of `problem`: its owner and permission bits.
  static func fileProblem(realPath: String) -> String? {
    check(realPath, what: "file", owned: true, searched: false)
  }

  /// The folders' part of `problem`: the folder holding the file and those above it, then the searched folder and
  /// those above it. Every candidate of one folder gets the same answer (`SecurityVerdicts` asks once per folder).
  static func folderProblem(holder: String, searchedFolder: String?) -> String? {
    if let problem = check(holder, what: "folder", owned: true, searched: false) { return problem }
    if let problem = checkFolders(above: holder) { return problem }
    if let searchedFolder, let real = FileSystem.realPath(searchedFolder) {
      if let problem = check(real, what: "plugin folder", owned: true, searched: true) { return problem }
      if let problem = checkFolders(above: real) { return problem }
    }
    return nil
  }

  /// The one-line reason `list` prints, with the fix.
  public static func refusal(_ problem: String) -> String {
    "refused to load: \(problem); fix the permissions (e.g. chmod go-w) or pass --allow-insecure-plugins"
  }

  /// Checks the permission bits of every folder from the parent of `path` up to the root.
  private static func checkFolders(above path: String) -> String? {
    var folder = FileSystem.directory(of: path)
    while true {
      if let problem = check(folder, what: "folder", owned: false, searched: false) { return problem }
      if folder == "/" || folder == "." { return nil }
      folder = FileSystem.directory(of: folder)
    }
  }

  private static func check(_ path: String, what: String, owned: Bool, searched: Bool) -> String? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }  // a vanished path fails later with its own reason
    let mode = info.st_mode
    var octal: String { String(mode & 0o7777, radix: 8) }
    if owned && info.st_uid != 0 && info.st_uid != geteuid() {
      return "\(what) \(path) is owned by \(userName(info.st_uid)), not by you or root"
    }
    let sticky = !searched && (mode & S_ISVTX) != 0 && (mode & S_IFMT) == S_IFDIR
    if (mode & S_IWOTH) != 0 && !sticky {
      return "\(what) \(path) is writable by everyone (mode \(octal))"
    }
    if (mode & S_IWGRP) != 0 && !sticky && !isPrivateGroup(info.st_gid, of: info.st_uid) {
      return "\(what) \(path) is writable by group \(groupName(info.st_gid)) (mode \(octal))"
    }
    return nil
  }

  /// True if `group` is the owner's own group with no other members (a user-private group).
  private static func isPrivateGroup(_ group: gid_t, of owner: uid_t) -> Bool {
    guard let user = getpwuid(owner), user.pointee.pw_gid == group, let entry = getgrgid(group) else { return false }
    return entry.pointee.gr_mem == nil || entry.pointee.gr_mem.pointee == nil
  }

  private static func userName(_ uid: uid_t) -> String {
    guard let user = getpwuid(uid), let name = user.pointee.pw_name else { return "uid \(uid)" }
    return "user \(String(cString: name)) (uid \(uid))"
  }

  private static func groupName(_ gid: gid_t) -> String {
    guard let group = getgrgid(gid), let name = group.pointee.gr_name else { return "gid \(gid)" }
    return "'\(String(cString: name))'"
  }
}

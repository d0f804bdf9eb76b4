/// What makes two imports the same (h8-clerk): the roster *and* its image inputs. Re-importing a
/// roster after adding a missing photo is a new submission (for the rows the photo touches),
/// not "already imported". Without images the identity is the roster's SHA-256, as before.
enum ImportIdentity {
    static func key(rosterSHA: String, photos: String?, idCards: String?) throws(SSCardError) -> String {
        guard photos != nil || idCards != nil else { return rosterSHA }
        var text = "sscard-import-identity-1\nroster\t\(rosterSHA)\n"
        for (label, path) in [("photos", photos), ("idcards", idCards)] {
            guard let path else { continue }
            text += "\(label)\n"
            for file in try ImageSource.list(path).sorted(by: { $0.displayName < $1.displayName }) {
                text += "\(file.fileName)\t\(file.digest ?? "unreadable")\n"
            }
        }
        return SHA256.hex(Array(text.utf8))
    }
}

using Edge.Cloud.Storage;

namespace Edge.Cloud.Access;

/// <summary>Users, their site grants, API tokens and the audit trail, in the same database as the records.</summary>
public sealed class AccountStore
{
    private readonly RelationalCloudStore _store;

    public AccountStore(RelationalCloudStore store) => _store = store;

    /// <summary>Creates a user; false when the name is taken.</summary>
    public async Task<bool> CreateUserAsync(string name, string role, string passwordHash, IReadOnlyCollection<string> sites, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!Roles.IsKnown(role) && role != Roles.Gateway)
        {
            throw new ArgumentOutOfRangeException(nameof(role), role, "Role must be engineer, operator, admin or gateway.");
        }

        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var transaction = await _store.BeginWriteAsync(connection, cancellationToken);
        await using (var insert = Sql.Command(connection, transaction, """
            INSERT INTO users (name, role, password_hash, created_at) VALUES (@name, @role, @hash, @at) ON CONFLICT (name) DO NOTHING;
            """))
        {
            Sql.Set(insert, "@name", name);
            Sql.Set(insert, "@role", role);
            Sql.Set(insert, "@hash", passwordHash);
            Sql.Set(insert, "@at", _store.Time(at));
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
        }

        await using (var grant = Sql.Command(connection, transaction, "INSERT INTO user_sites (name, site) VALUES (@name, @site) ON CONFLICT DO NOTHING;"))
        {
            foreach (var site in sites)
            {
                Sql.Set(grant, "@name", name);
                Sql.Set(grant, "@site", site);
                await grant.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Replaces a user's site grants; false when no such user.</summary>
    public async Task<bool> SetSitesAsync(string name, IReadOnlyCollection<string> sites, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var transaction = await _store.BeginWriteAsync(connection, cancellationToken);
        await using (var exists = Sql.Command(connection, transaction, "SELECT COUNT(*) FROM users WHERE name = @name;"))
        {
            Sql.Set(exists, "@name", name);
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return false;
            }
        }

        await using (var clear = Sql.Command(connection, transaction, "DELETE FROM user_sites WHERE name = @name;"))
        {
            Sql.Set(clear, "@name", name);
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var grant = Sql.Command(connection, transaction, "INSERT INTO user_sites (name, site) VALUES (@name, @site) ON CONFLICT DO NOTHING;"))
        {
            foreach (var site in sites)
            {
                Sql.Set(grant, "@name", name);
                Sql.Set(grant, "@site", site);
                await grant.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The account and its password hash, or null.</summary>
    public async Task<(UserAccount Account, string PasswordHash)?> FindUserAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, "SELECT name, role, password_hash, created_at FROM users WHERE name = @name;");
        Sql.Set(command, "@name", name);
        var rows = await Sql.QueryAsync(command, reader => (reader.GetString(0), reader.GetString(1), reader.GetString(2), _store.ReadTime(reader, 3)), cancellationToken);
        if (rows.Count == 0)
        {
            return null;
        }

        var (userName, role, hash, created) = rows[0];
        return (new UserAccount(userName, role, await GetSitesAsync(connection, userName, cancellationToken), created), hash);
    }

    public async Task<IReadOnlyList<UserAccount>> ListUsersAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, "SELECT name, role, created_at FROM users ORDER BY name;");
        var rows = await Sql.QueryAsync(command, reader => (reader.GetString(0), reader.GetString(1), _store.ReadTime(reader, 2)), cancellationToken);
        var users = new List<UserAccount>(rows.Count);
        foreach (var (name, role, created) in rows)
        {
            users.Add(new UserAccount(name, role, await GetSitesAsync(connection, name, cancellationToken), created));
        }

        return users;
    }

    public async Task AddTokenAsync(string tokenHash, string name, string label, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var insert = Sql.Command(connection, null, "INSERT INTO api_tokens (token_hash, name, label, created_at) VALUES (@hash, @name, @label, @at);");
        Sql.Set(insert, "@hash", tokenHash);
        Sql.Set(insert, "@name", name);
        Sql.Set(insert, "@label", label);
        Sql.Set(insert, "@at", _store.Time(at));
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The account an API token belongs to, or null.</summary>
    public async Task<UserAccount?> FindByTokenAsync(string tokenHash, CancellationToken cancellationToken)
    {
        string? name;
        await using (var connection = await _store.OpenAsync(cancellationToken))
        {
            await using var command = Sql.Command(connection, null, "SELECT name FROM api_tokens WHERE token_hash = @hash;");
            Sql.Set(command, "@hash", tokenHash);
            name = await command.ExecuteScalarAsync(cancellationToken) as string;
        }

        return name is null ? null : (await FindUserAsync(name, cancellationToken))?.Account;
    }

    public async Task AuditAsync(DateTimeOffset at, string actor, string action, string target, string? detail, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var insert = Sql.Command(connection, null, "INSERT INTO audit (at, actor, action, target, detail) VALUES (@at, @actor, @action, @target, @detail);");
        Sql.Set(insert, "@at", _store.Time(at));
        Sql.Set(insert, "@actor", actor);
        Sql.Set(insert, "@action", action);
        Sql.Set(insert, "@target", target);
        Sql.Set(insert, "@detail", detail);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> GetAuditAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, "SELECT at, actor, action, target, detail FROM audit ORDER BY id DESC LIMIT @limit;");
        Sql.Set(command, "@limit", limit);
        return await Sql.QueryAsync(command, reader => new AuditEntry(
            _store.ReadTime(reader, 0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Sql.GetNullableString(reader, 4)), cancellationToken);
    }

    private static async Task<IReadOnlyList<string>> GetSitesAsync(System.Data.Common.DbConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, null, "SELECT site FROM user_sites WHERE name = @name ORDER BY site;");
        Sql.Set(command, "@name", name);
        return await Sql.QueryAsync(command, reader => reader.GetString(0), cancellationToken);
    }
}

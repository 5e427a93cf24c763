package dev.refold.example;

import dev.refold.example.posts.PostsVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command line: {@code [run|info|validate|comment <post> <commenter> <text>|serve <post> <commenter> <text>] [--posts=<version>]}.
 *
 * @param command      what to do; {@link Command#RUN} by default
 * @param arguments    the command's own arguments (only {@code comment} and {@code serve} have any)
 * @param postsVersion which version of the posts projection to register; the current release by default
 */
public record BlogOptions(Command command, List<String> arguments, PostsVersion postsVersion) {
    public static final String USAGE = """
            Usage: BlogApplication [run|info|validate|comment|serve <post> <commenter> <text>] [--posts=<version>]
              run        write the blog's history if the log lacks it, migrate, print the read models and info (default)
              info       print the info table only
              validate   check the declared projections against what was built
              comment    add a reader's comment to a post, then migrate (which catches the read models up)
              serve      migrate, start live catch-up, add the comment and watch it reach the read model, stop
              --posts    1, 2, 3, 4-buggy, 4 (default) or 4-unbumped: the posts projection to register""";

    public enum Command {
        RUN(0), INFO(0), VALIDATE(0), COMMENT(3), SERVE(3);

        private final int arguments;

        Command(int arguments) {
            this.arguments = arguments;
        }
    }

    public BlogOptions {
        arguments = List.copyOf(arguments);
    }

    /** @throws IllegalArgumentException naming the argument at fault */
    public static BlogOptions parse(String... args) {
        Command command = null;
        List<String> arguments = new ArrayList<>();
        PostsVersion posts = PostsVersion.CURRENT;
        for (String arg : args) {
            if (arg.startsWith("--posts=")) {
                posts = PostsVersion.fromLabel(arg.substring("--posts=".length()));
            } else if (arg.startsWith("--")) {
                throw new IllegalArgumentException("Unknown option '" + arg + "'");
            } else if (command == null) {
                command = command(arg);
            } else {
                arguments.add(arg);
            }
        }
        command = command == null ? Command.RUN : command;
        if (arguments.size() != command.arguments) {
            throw new IllegalArgumentException("Command " + command.name().toLowerCase(Locale.ROOT) + " takes "
                    + command.arguments + " arguments, got " + arguments.size() + ": " + arguments);
        }
        return new BlogOptions(command, arguments, posts);
    }

    private static Command command(String arg) {
        try {
            return Command.valueOf(arg.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown command '" + arg + "'");
        }
    }
}

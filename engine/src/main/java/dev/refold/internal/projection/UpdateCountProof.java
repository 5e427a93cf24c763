package dev.refold.internal.projection;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a projection's handlers may read an update count, decided from the bytecode of the projection's own
 * classes (the projection class and the classes nested in it, where its lambdas live: {@link ProjectionChecksum}'s
 * set). When they provably never do, deferred statements may defer every write and report a count they did not
 * learn; otherwise every count must be PostgreSQL's.
 *
 * <p>The rule is conservative: "counts not read" is the verdict only when all of these hold, and any doubt is
 * "may read".
 * <ol>
 * <li>Every call, in a method of an own class, to a count-carrying method of jOOQ or JDBC (an owner under
 *     {@code org/jooq/}, {@code java/sql/} or {@code javax/sql/} named {@code execute*}, {@code getUpdateCount},
 *     {@code getLargeUpdateCount}, {@code rows}, {@code batchRows}, {@code store}, {@code insert}, {@code update},
 *     {@code delete}, {@code merge}, {@code stored}, {@code processed}, {@code executed}, {@code ignored} that
 *     returns an {@code int}, a {@code long} or an array of them, and {@code executeAsync}) is followed at once (labels, line numbers and frames aside) by {@code POP} or {@code POP2}:
 *     the value is dropped before anything can look at it. {@code subscribe} on jOOQ (a query is a
 *     {@code Publisher<Integer>}) is "may read".</li>
 * <li>Nothing else can see a count: no own method hands a value that could reach a statement or a count (a jOOQ,
 *     JDBC or Refold type, {@code Object}, any {@code java.*} type other than strings, boxed primitives, numbers,
 *     {@code java.time} values and UUIDs, or an own class's instance) to a method of a class outside the own classes,
 *     jOOQ, Refold and {@code java.*}, as an argument or a receiver; none stores a value into a field of another
 *     class, or such a value into an own field that is not private; none uses reflection or method handles; every
 *     {@code invokedynamic} is a lambda, string concatenation, record method or switch, and a lambda whose body is
 *     outside the own classes is treated as the call it stands for (a method reference to a count-carrying method
 *     is "may read").</li>
 * <li>Every own class extends and implements only own, {@code java.*}, jOOQ or Refold types (an inherited method
 *     from elsewhere is code it cannot see), and every registered handler object is an instance of an own class
 *     (or of a lambda whose host is one).</li>
 * </ol>
 * Why that is enough for a handler-style projection: a count exists only as the result of one of those calls, on
 * the connection Refold gives the handler, which it can reach only through the {@code EventContext} it is handed.
 * Rule 1 drops every count an own method obtains. Rule 2 keeps the context, the DSL, its queries and its connection
 * from reaching code that is not inspected, and keeps listeners that are not inspected out of jOOQ (they are
 * instances of classes outside, and jOOQ, Refold and java.* code do not read counts on a handler's behalf).
 * Rule 3 makes sure that the code inspected is the code that runs. What it does not cover: code that reads the
 * count through a static it set up before Refold started (it never saw the handler's connection), and bytecode
 * changed after loading (an agent).
 */
public final class UpdateCountProof {
    /** The verdict, and the first reason it is "may read" (or why it is not). */
    public record Verdict(boolean countsRead, String reason) {
    }

    private static final Set<String> COUNT_METHODS = Set.of("execute", "executeUpdate", "executeLargeUpdate",
            "executeBatch", "executeLargeBatch", "executeInsert", "executeDelete", "executeAsync", "getUpdateCount",
            "getLargeUpdateCount", "rows", "batchRows", "store", "insert", "update", "delete", "merge", "stored",
            "processed", "executed", "ignored");
    private static final Set<String> INERT_JAVA = Set.of("java/lang/String", "java/lang/Integer", "java/lang/Long",
            "java/lang/Short", "java/lang/Byte", "java/lang/Character", "java/lang/Boolean", "java/lang/Double",
            "java/lang/Float", "java/math/BigDecimal", "java/math/BigInteger", "java/util/UUID", "java/lang/Class");
    private static final Set<String> PLAIN_BOOTSTRAPS = Set.of("java/lang/invoke/LambdaMetafactory",
            "java/lang/invoke/StringConcatFactory", "java/lang/runtime/ObjectMethods", "java/lang/runtime/SwitchBootstraps");

    private UpdateCountProof() {
    }

    public static Verdict of(Class<?> projectionClass, Collection<?> handlers) {
        List<Class<?>> own = ProjectionChecksum.ownClasses(projectionClass);
        Set<String> ownNames = new HashSet<>();
        for (Class<?> type : own) {
            ownNames.add(Type.getInternalName(type));
        }
        for (Object handler : handlers) {
            Class<?> type = handler.getClass();
            if (!ownNames.contains(Type.getInternalName(type)) && !ownNames.contains(lambdaHost(type))) {
                return new Verdict(true, "handler " + type.getName() + " is not one of the projection's own classes");
            }
        }
        for (Class<?> type : own) {
            String doubt = inspect(type, ownNames);
            if (doubt != null) {
                return new Verdict(true, doubt);
            }
        }
        return new Verdict(false, "no method of " + own.size() + " own class(es) of " + projectionClass.getName()
                + " keeps an update count or lets one out");
    }

    /** The class a lambda's hidden class was spun from (its code is there), or null for any other class. */
    private static String lambdaHost(Class<?> type) {
        int at = type.getName().indexOf("$$Lambda");
        return type.isHidden() && at > 0 ? type.getName().substring(0, at).replace('.', '/') : null;
    }

    private static String inspect(Class<?> type, Set<String> own) {
        String resource = type.getName().replace('.', '/') + ".class";
        ClassLoader loader = type.getClassLoader() == null ? ClassLoader.getSystemClassLoader() : type.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return "the bytecode of " + type.getName() + " cannot be read";
            }
            Inspector inspector = new Inspector(own, loader);
            new ClassReader(in).accept(inspector, ClassReader.SKIP_DEBUG);
            return inspector.doubt;
        } catch (IOException e) {
            return "the bytecode of " + type.getName() + " cannot be read: " + e.getMessage();
        }
    }

    /**
     * Inert: a value no statement, connection or count can be reached from. Besides the plain java values, a class
     * of the application's that is no interface (a lambda of own code could implement one) and no jOOQ, JDBC or
     * Refold type by inheritance (a generated record is attached to the handler's configuration), since it could
     * only carry the context if an own method had stored it there, which the other rules catch.
     */
    private static boolean inert(Type type, Set<String> own, ClassLoader loader) {
        switch (type.getSort()) {
            case Type.ARRAY:
                return type.getElementType().getSort() != Type.OBJECT || inert(type.getElementType(), own, loader);
            case Type.OBJECT:
                String name = type.getInternalName();
                if (INERT_JAVA.contains(name) || name.startsWith("java/time/")) {
                    return true;
                }
                if (own.contains(name) || trusted(name, loader)) {
                    return false;
                }
                try {
                    Class<?> found = Class.forName(type.getClassName(), false, loader);
                    return !found.isInterface() && !reachesContextTypes(found);
                } catch (ClassNotFoundException | LinkageError e) {
                    return false;
                }
            default:
                return true;
        }
    }

    private static boolean reachesContextTypes(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getSuperclass()) {
            String name = t.getName();
            if (name.startsWith("org.jooq.") || name.startsWith("java.sql.") || name.startsWith("javax.sql.")
                    || (name.startsWith("dev.refold.") && trusted(name.replace('.', '/'), t.getClassLoader()))) {
                return true;
            }
            for (Class<?> i : t.getInterfaces()) {
                if (reachesContextTypes(i)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** jOOQ, JDBC, Refold or java.*: the code a handler's context lives in, or that could carry it. */
    private static boolean visible(String internalName) {
        return internalName.startsWith("org/jooq/") || internalName.startsWith("java/") || internalName.startsWith("javax/")
                || internalName.startsWith("dev/refold/");
    }

    /**
     * Code trusted not to read counts on a handler's behalf: jOOQ, java.* and Refold itself (a class of
     * {@code dev.refold} loaded from Refold's own jar; an application's class in that package is not Refold).
     */
    private static boolean trusted(String internalName, ClassLoader loader) {
        if (!internalName.startsWith("dev/refold/")) {
            return visible(internalName);
        }
        try {
            Class<?> type = Class.forName(internalName.replace('/', '.'), false, loader);
            return type.getProtectionDomain().getCodeSource() == null ? false
                    : type.getProtectionDomain().getCodeSource().equals(UpdateCountProof.class.getProtectionDomain().getCodeSource());
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return false;
        }
    }

    private static final class Inspector extends ClassVisitor {
        private final Set<String> own;
        private final ClassLoader loader;
        private String className;
        String doubt;

        Inspector(Set<String> own, ClassLoader loader) {
            super(Opcodes.ASM9);
            this.own = own;
            this.loader = loader;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            className = name;
            if (superName != null && !own.contains(superName) && !trusted(superName, loader)) {
                doubt(className + " extends " + superName + ", whose methods are not inspected");
            }
            for (String i : interfaces == null ? new String[0] : interfaces) {
                if (!own.contains(i) && !trusted(i, loader)) {
                    doubt(className + " implements " + i + ", whose default methods are not inspected");
                }
            }
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            String where = className.replace('/', '.') + "." + name;
            return new MethodVisitor(Opcodes.ASM9) {
                /** The count-carrying call whose result must be dropped by the next instruction, or null. */
                private String pending;

                private void next() {
                    if (pending != null) {
                        doubt(where + " uses the result of " + pending);
                        pending = null;
                    }
                }

                @Override
                public void visitInsn(int opcode) {
                    if (pending != null && (opcode == Opcodes.POP || opcode == Opcodes.POP2)) {
                        pending = null;
                        return;
                    }
                    next();
                }

                @Override
                public void visitIntInsn(int opcode, int operand) {
                    next();
                }

                @Override
                public void visitVarInsn(int opcode, int varIndex) {
                    next();
                }

                @Override
                public void visitTypeInsn(int opcode, String type) {
                    next();
                }

                @Override
                public void visitJumpInsn(int opcode, Label label) {
                    next();
                }

                @Override
                public void visitLdcInsn(Object value) {
                    next();
                }

                @Override
                public void visitIincInsn(int varIndex, int increment) {
                    next();
                }

                @Override
                public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
                    next();
                }

                @Override
                public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
                    next();
                }

                @Override
                public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
                    next();
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String field, String fieldDescriptor) {
                    next();
                    if (opcode == Opcodes.PUTFIELD || opcode == Opcodes.PUTSTATIC) {
                        Type type = Type.getType(fieldDescriptor);
                        if (!own.contains(owner)) {
                            doubt(where + " stores into " + owner.replace('/', '.') + "." + field);
                        } else if (!inert(type, own, loader) && !(name.equals("<clinit>") && opcode == Opcodes.PUTSTATIC
                                && owner.equals(className) && detachedJooq(type))) {
                            doubt(where + " stores a " + type.getClassName() + " into the field " + field
                                    + " (a value that could reach a statement may not be kept)");
                        }
                    }
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String method, String methodDescriptor, boolean isInterface) {
                    next();
                    call(owner, method, methodDescriptor, opcode == Opcodes.INVOKESTATIC);
                    Type returned = Type.getReturnType(methodDescriptor);
                    if (countCarrying(owner, method) && (countType(returned) || method.equals("executeAsync"))) {
                        pending = owner.replace('/', '.') + "." + method + methodDescriptor;
                    }
                }

                private void call(String owner, String method, String methodDescriptor, boolean isStatic) {
                    if (owner.startsWith("java/lang/reflect/") || owner.startsWith("java/lang/invoke/")
                            || (owner.equals("java/lang/Class") && !method.equals("getName") && !method.equals("getSimpleName"))) {
                        doubt(where + " uses reflection (" + owner.replace('/', '.') + "." + method + ")");
                    } else if ((owner.startsWith("org/jooq/") || owner.startsWith("org/reactivestreams/")
                            || owner.equals("java/util/concurrent/Flow$Publisher")) && method.equals("subscribe")) {
                        doubt(where + " subscribes to a query, which publishes its update count");
                    } else if (!own.contains(owner) && !trusted(owner, loader)) {
                        if (!isStatic && !method.equals("<init>") && !inert(Type.getObjectType(owner), own, loader)) {
                            doubt(where + " calls " + owner.replace('/', '.') + "." + method + " on a value it cannot follow");
                        }
                        for (Type argument : Type.getArgumentTypes(methodDescriptor)) {
                            if (!inert(argument, own, loader)) {
                                doubt(where + " passes a " + argument.getClassName() + " to " + owner.replace('/', '.') + "."
                                        + method + ", which is not inspected");
                                return;
                            }
                        }
                    }
                }

                @Override
                public void visitInvokeDynamicInsn(String method, String methodDescriptor, Handle bootstrap, Object... arguments) {
                    next();
                    if (!PLAIN_BOOTSTRAPS.contains(bootstrap.getOwner())) {
                        doubt(where + " uses invokedynamic with " + bootstrap.getOwner().replace('/', '.'));
                        return;
                    }
                    for (Object argument : arguments) {
                        if (argument instanceof Handle target && !own.contains(target.getOwner())) {
                            if (countCarrying(target.getOwner(), target.getName())) {
                                doubt(where + " makes a function of " + target.getOwner().replace('/', '.') + "."
                                        + target.getName() + ", whose count the function returns");
                            } else {
                                call(target.getOwner(), target.getName(), target.getDesc(), target.getTag() == Opcodes.H_INVOKESTATIC
                                        || target.getTag() == Opcodes.H_NEWINVOKESPECIAL);
                            }
                        }
                    }
                }

                @Override
                public void visitEnd() {
                    next();
                }
            };
        }

        /**
         * A jOOQ type that cannot carry a configuration (tables, fields, names, conditions: not {@code Attachable}),
         * which a static initializer may keep: it runs before any handler has a context, and no other method may keep
         * a value that reaches one, so it cannot see one.
         */
        private boolean detachedJooq(Type type) {
            if (type.getSort() != Type.OBJECT || !type.getInternalName().startsWith("org/jooq/")) {
                return false;
            }
            try {
                Class<?> attachable = Class.forName("org.jooq.Attachable", false, loader);
                return !attachable.isAssignableFrom(Class.forName(type.getClassName(), false, loader));
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }

        /** int, long or an array of them: how jOOQ and JDBC return update counts. */
        private static boolean countType(Type type) {
            Type element = type.getSort() == Type.ARRAY && type.getDimensions() == 1 ? type.getElementType() : type;
            return element.getSort() == Type.INT || element.getSort() == Type.LONG;
        }

        private static boolean countCarrying(String owner, String method) {
            return (owner.startsWith("org/jooq/") || owner.startsWith("java/sql/") || owner.startsWith("javax/sql/"))
                    && COUNT_METHODS.contains(method);
        }

        private void doubt(String reason) {
            if (doubt == null) {
                doubt = reason;
            }
        }
    }
}

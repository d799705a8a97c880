package io.imdsagent.adapters;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Calls the public API of an HTTP client library's objects by reflection (the agent does not depend on the
 * libraries; copies relocated inside other jars work alike). A method is taken from the public class or
 * interface that declares it, since the object's own class often is not public; lookups are cached per class,
 * so a call costs about what {@code Method.invoke} costs: requests that are not for IMDS pay little.
 */
final class PublicMethods {
    /** For calls without arguments: {@code invoke(target)} would allocate an empty array on every request. */
    static final Object[] NO_ARGUMENTS = new Object[0];
    private static final Class<?>[] NO_PARAMETERS = new Class<?>[0];
    private static final ClassValue<ConcurrentMap<String, Method>> METHODS = new MethodsOfClass();

    private PublicMethods() {
    }

    static Object call(Object target, String name) throws ReflectiveOperationException {
        return method(target.getClass(), name, NO_PARAMETERS).invoke(target, NO_ARGUMENTS);
    }

    static Object call(Object target, String name, Class<?> parameter, Object argument)
            throws ReflectiveOperationException {
        return method(target.getClass(), name, parameter).invoke(target, argument);
    }

    static Object call(Object target, String name, Class<?>[] parameters, Object... arguments)
            throws ReflectiveOperationException {
        return method(target.getClass(), name, parameters).invoke(target, arguments);
    }

    /** A static method of a public class. */
    static Object callStatic(Class<?> type, String name, Class<?>[] parameters, Object... arguments)
            throws ReflectiveOperationException {
        return type.getMethod(name, parameters).invoke(null, arguments);
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters) throws NoSuchMethodException {
        String key = parameters.length == 0 ? name : keyWithParameters(name, parameters);
        ConcurrentMap<String, Method> known = METHODS.get(type);
        Method method = known.get(key);
        if (method == null) {
            method = find(type, name, parameters);
            known.put(key, method);
        }
        return method;
    }

    // Only calls with arguments build a key: the calls made for every request (getters) look up by name alone.
    private static String keyWithParameters(String name, Class<?>[] parameters) {
        StringBuilder key = new StringBuilder(name);
        for (Class<?> parameter : parameters) {
            key.append('/').append(parameter.getName());
        }
        return key.toString();
    }

    /** Each class's methods found so far, by name and parameter types. */
    private static final class MethodsOfClass extends ClassValue<ConcurrentMap<String, Method>> {
        @Override
        protected ConcurrentMap<String, Method> computeValue(Class<?> type) {
            return new ConcurrentHashMap<String, Method>();
        }
    }

    private static Method find(Class<?> type, String name, Class<?>... parameters) throws NoSuchMethodException {
        Deque<Class<?>> types = new ArrayDeque<Class<?>>();
        types.add(type);
        while (!types.isEmpty()) {
            Class<?> candidate = types.poll();
            if (Modifier.isPublic(candidate.getModifiers())) {
                try {
                    return candidate.getMethod(name, parameters);
                } catch (NoSuchMethodException notHere) {
                    // an interface or superclass may still declare it
                }
            }
            if (candidate.getSuperclass() != null) {
                types.add(candidate.getSuperclass());
            }
            for (Class<?> implemented : candidate.getInterfaces()) {
                types.add(implemented);
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + name + " (public)");
    }
}

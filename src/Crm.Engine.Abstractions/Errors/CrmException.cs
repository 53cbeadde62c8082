namespace Crm.Engine;

/// <summary>
/// Serves as the base of every exception the CRM engine and its providers raise on purpose,
/// so callers can catch engine failures apart from bugs.
/// </summary>
public abstract class CrmException : Exception
{
    /// <summary>Initializes the exception with a message.</summary>
    /// <param name="message">What went wrong and, where possible, how to fix it.</param>
    protected CrmException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong and, where possible, how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    protected CrmException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

System.Console.WriteLine("QuickStart: coming with the foundation.");
